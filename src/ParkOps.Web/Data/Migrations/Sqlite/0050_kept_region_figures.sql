-- 0050 issue 14's region view of 2,000 parks: a mark per park per committed change to its data (Platform.ParkChanges;
-- a park's stamp is the sum of its marks' weights), and the dashboard's quarter figures of a park kept with the stamp
-- they were gathered at (Dashboard.ParkQuarterSnapshot), current while the stamp, the quarter's day and the build hold.
CREATE TABLE "ParkChanges" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ParkChanges" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "Weight" INTEGER NOT NULL
);
CREATE INDEX "IX_ParkChanges_ParkId_Weight" ON "ParkChanges" ("ParkId", "Weight");

CREATE TABLE "ParkQuarterSnapshots" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ParkQuarterSnapshots" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "Quarter" INTEGER NOT NULL,
    "AsOf" TEXT NOT NULL,
    "Stamp" INTEGER NOT NULL,
    "Shape" TEXT NOT NULL,
    "ServiceTarget" TEXT NOT NULL,
    "Facts" TEXT NOT NULL,
    "ComputedAt" TEXT NOT NULL,
    CONSTRAINT "FK_ParkQuarterSnapshots_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "IX_ParkQuarterSnapshots_ParkId_Quarter" ON "ParkQuarterSnapshots" ("ParkId", "Quarter");
