-- 0026 contribution score and tax rebate (issue 14 §1–2, DOMAIN §6): the contribution records the platform had no home
-- for, the park's settings (versioned), score runs (draft, then published versions, immutable) with each firm's breakdown
-- and records, the imported local retained tax, and rebate runs with their allocations.
CREATE TABLE "ContributionRecords" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ContributionRecords" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "OccurredOn" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Hours" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    CONSTRAINT "FK_ContributionRecords_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ContributionRecords_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "ContributionSettings" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ContributionSettings" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    "Json" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    CONSTRAINT "FK_ContributionSettings_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "ContributionRuns" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ContributionRuns" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "Year" INTEGER NOT NULL,
    "State" TEXT NOT NULL,
    "Version" INTEGER NULL,
    "SettingsJson" TEXT NOT NULL,
    "ComputedAt" TEXT NOT NULL,
    "ComputedBy" TEXT NOT NULL,
    "PublishedAt" TEXT NULL,
    "PublishedBy" TEXT NULL,
    CONSTRAINT "FK_ContributionRuns_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "ContributionResults" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ContributionResults" PRIMARY KEY AUTOINCREMENT,
    "RunId" INTEGER NOT NULL,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "Score" TEXT NOT NULL,
    "BreakdownJson" text NOT NULL,
    CONSTRAINT "FK_ContributionResults_ContributionRuns_RunId" FOREIGN KEY ("RunId") REFERENCES "ContributionRuns" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_ContributionResults_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "RetainedTaxes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RetainedTaxes" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "Year" INTEGER NOT NULL,
    "Amount" TEXT NOT NULL,
    "ImportedAt" TEXT NOT NULL,
    "ImportedBy" TEXT NOT NULL,
    CONSTRAINT "FK_RetainedTaxes_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RetainedTaxes_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "RebateRuns" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RebateRuns" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "Year" INTEGER NOT NULL,
    "State" TEXT NOT NULL,
    "Version" INTEGER NULL,
    "ScoreRunId" INTEGER NOT NULL,
    "ScoreVersion" INTEGER NOT NULL,
    "TotalTax" TEXT NOT NULL,
    "Pool" TEXT NOT NULL,
    "ScorePartByTax" INTEGER NOT NULL,
    "SettingsJson" TEXT NOT NULL,
    "ComputedAt" TEXT NOT NULL,
    "ComputedBy" TEXT NOT NULL,
    "PublishedAt" TEXT NULL,
    "PublishedBy" TEXT NULL,
    CONSTRAINT "FK_RebateRuns_ContributionRuns_ScoreRunId" FOREIGN KEY ("ScoreRunId") REFERENCES "ContributionRuns" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RebateRuns_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "RebateAllocations" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RebateAllocations" PRIMARY KEY AUTOINCREMENT,
    "RunId" INTEGER NOT NULL,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "Score" TEXT NOT NULL,
    "RetainedTax" TEXT NOT NULL,
    "ProRataPart" TEXT NOT NULL,
    "ScoreShare" TEXT NOT NULL,
    "Exact" TEXT NOT NULL,
    "ExtraFen" INTEGER NOT NULL,
    "Amount" TEXT NOT NULL,
    CONSTRAINT "FK_RebateAllocations_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RebateAllocations_RebateRuns_RunId" FOREIGN KEY ("RunId") REFERENCES "RebateRuns" ("Id") ON DELETE CASCADE
);
CREATE INDEX "IX_ContributionRecords_EnterpriseId" ON "ContributionRecords" ("EnterpriseId");
CREATE INDEX "IX_ContributionRecords_ParkId_OccurredOn" ON "ContributionRecords" ("ParkId", "OccurredOn");
CREATE UNIQUE INDEX "IX_ContributionSettings_ParkId_Version" ON "ContributionSettings" ("ParkId", "Version");
CREATE UNIQUE INDEX "IX_ContributionRuns_ParkId_Year_Version" ON "ContributionRuns" ("ParkId", "Year", "Version");
CREATE INDEX "IX_ContributionResults_EnterpriseId" ON "ContributionResults" ("EnterpriseId");
CREATE UNIQUE INDEX "IX_ContributionResults_RunId_EnterpriseId" ON "ContributionResults" ("RunId", "EnterpriseId");
CREATE UNIQUE INDEX "IX_RetainedTaxes_EnterpriseId_Year" ON "RetainedTaxes" ("EnterpriseId", "Year");
CREATE INDEX "IX_RetainedTaxes_ParkId_Year" ON "RetainedTaxes" ("ParkId", "Year");
CREATE UNIQUE INDEX "IX_RebateRuns_ParkId_Year_Version" ON "RebateRuns" ("ParkId", "Year", "Version");
CREATE INDEX "IX_RebateRuns_ScoreRunId" ON "RebateRuns" ("ScoreRunId");
CREATE INDEX "IX_RebateAllocations_EnterpriseId" ON "RebateAllocations" ("EnterpriseId");
CREATE UNIQUE INDEX "IX_RebateAllocations_RunId_EnterpriseId" ON "RebateAllocations" ("RunId", "EnterpriseId");
