-- 0019 亩均 evaluation (Evaluation, DOMAIN §7): settings per region and year (versioned), runs of a park and year (draft,
-- then published versions 1, 2…, immutable) and each enterprise's result with its terms and lift advice.
CREATE TABLE "MujunSettings" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MujunSettings" PRIMARY KEY AUTOINCREMENT,
    "RegionId" INTEGER NOT NULL,
    "Year" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    "IndicatorsJson" TEXT NOT NULL,
    "CapFactor" TEXT NOT NULL,
    "ShareA" TEXT NOT NULL,
    "ShareB" TEXT NOT NULL,
    "ShareC" TEXT NOT NULL,
    "MinYearsInProduction" INTEGER NOT NULL,
    "ExcludeUtilities" INTEGER NOT NULL,
    "CombinedParcel" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    CONSTRAINT "FK_MujunSettings_Regions_RegionId" FOREIGN KEY ("RegionId") REFERENCES "Regions" ("Id") ON DELETE CASCADE
);
CREATE TABLE "MujunRuns" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MujunRuns" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "Year" INTEGER NOT NULL,
    "State" TEXT NOT NULL,
    "Version" INTEGER NULL,
    "SettingsJson" TEXT NOT NULL,
    "NotEvaluatedJson" TEXT NOT NULL,
    "ComputedAt" TEXT NOT NULL,
    "ComputedBy" TEXT NOT NULL,
    "PublishedAt" TEXT NULL,
    "PublishedBy" TEXT NULL,
    CONSTRAINT "FK_MujunRuns_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "MujunResults" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MujunResults" PRIMARY KEY AUTOINCREMENT,
    "RunId" INTEGER NOT NULL,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "Class" TEXT NOT NULL,
    "Score" TEXT NULL,
    "RawScore" REAL NULL,
    "Rank" INTEGER NULL,
    "GroupSize" INTEGER NULL,
    "AboveScale" INTEGER NOT NULL,
    "LandMu" TEXT NOT NULL,
    "SupportPlan" TEXT NULL,
    "TermsJson" TEXT NOT NULL,
    "LiftJson" TEXT NULL,
    CONSTRAINT "FK_MujunResults_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_MujunResults_MujunRuns_RunId" FOREIGN KEY ("RunId") REFERENCES "MujunRuns" ("Id") ON DELETE CASCADE
);
CREATE INDEX "IX_MujunResults_EnterpriseId" ON "MujunResults" ("EnterpriseId");
CREATE UNIQUE INDEX "IX_MujunResults_RunId_EnterpriseId" ON "MujunResults" ("RunId", "EnterpriseId");
CREATE UNIQUE INDEX "IX_MujunRuns_ParkId_Year_Version" ON "MujunRuns" ("ParkId", "Year", "Version");
CREATE UNIQUE INDEX "IX_MujunSettings_RegionId_Year_Version" ON "MujunSettings" ("RegionId", "Year", "Version");
