-- 0029 the trade lexicon as operators edit it: phrases added to the shipped matching dictionary (issue 16 §4)
CREATE TABLE "LexiconEntries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_LexiconEntries" PRIMARY KEY AUTOINCREMENT,
    "Phrase" TEXT NOT NULL,
    "Capability" TEXT NOT NULL,
    "Level" TEXT NOT NULL,
    "Material" TEXT NULL,
    "Source" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL
);
CREATE UNIQUE INDEX "IX_LexiconEntries_Phrase" ON "LexiconEntries" ("Phrase");
