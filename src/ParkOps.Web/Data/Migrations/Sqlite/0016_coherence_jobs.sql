-- 0016 state that holds across processes (Platform): one version per topic of in-process state, moved in the same
-- transaction as every change to what the topic is made from (several processes may share one SQLite file too), and
-- long work (bill runs, imports) as job records with progress and history.
CREATE TABLE "ChangeVersions" (
    "Topic" TEXT NOT NULL CONSTRAINT "PK_ChangeVersions" PRIMARY KEY,
    "Version" INTEGER NOT NULL
);
INSERT INTO "ChangeVersions" ("Topic", "Version") VALUES ('market', 0), ('scopes', 0), ('meters', 0);

CREATE TABLE "Jobs" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Jobs" PRIMARY KEY AUTOINCREMENT,
    "Kind" TEXT NOT NULL,
    "ParkId" INTEGER NOT NULL,
    "Key" TEXT NULL,
    "State" TEXT NOT NULL,
    "Done" INTEGER NOT NULL,
    "Total" INTEGER NOT NULL,
    "StartedAt" TEXT NOT NULL,
    "FinishedAt" TEXT NULL,
    "StartedBy" TEXT NOT NULL,
    "ErrorRule" TEXT NULL,
    "Error" TEXT NULL,
    "Summary" TEXT NULL,
    CONSTRAINT "FK_Jobs_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE CASCADE
);
CREATE INDEX "IX_Jobs_ParkId_Kind_Id" ON "Jobs" ("ParkId", "Kind", "Id");
