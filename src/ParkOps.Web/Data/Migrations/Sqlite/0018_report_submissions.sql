-- 0018 the park's quarterly submission to the county (Reporting, issue 12 §1): a park-level snapshot of the quarter's
-- reports and its steps (草稿 → 已提交 → 已退回 / 已通过), each with who and when.
CREATE TABLE "ReportSubmissions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ReportSubmissions" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "Year" INTEGER NOT NULL,
    "QuarterNumber" INTEGER NOT NULL,
    "State" TEXT NOT NULL,
    "EnterprisesExpected" INTEGER NOT NULL,
    "EnterprisesFiled" INTEGER NOT NULL,
    "EnterprisesMissing" INTEGER NOT NULL,
    "EnterprisesLate" INTEGER NOT NULL,
    "Output" TEXT NOT NULL,
    "MainRevenue" TEXT NOT NULL,
    "Tax" TEXT NOT NULL,
    "ValueAdded" TEXT NOT NULL,
    "EnergyTce" TEXT NOT NULL,
    "ElectricityKwh" TEXT NOT NULL,
    "CompiledAt" TEXT NOT NULL,
    "CompiledBy" TEXT NOT NULL,
    "SubmittedAt" TEXT NULL,
    "ReturnReason" TEXT NULL,
    "UpdatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_ReportSubmissions_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "ReportSubmissionSteps" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ReportSubmissionSteps" PRIMARY KEY AUTOINCREMENT,
    "SubmissionId" INTEGER NOT NULL,
    "ParkId" INTEGER NOT NULL,
    "Action" TEXT NOT NULL,
    "FromState" TEXT NOT NULL,
    "ToState" TEXT NOT NULL,
    "By" TEXT NOT NULL,
    "At" TEXT NOT NULL,
    "Reason" TEXT NULL,
    CONSTRAINT "FK_ReportSubmissionSteps_ReportSubmissions_SubmissionId" FOREIGN KEY ("SubmissionId") REFERENCES "ReportSubmissions" ("Id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "IX_ReportSubmissions_ParkId_Year_QuarterNumber" ON "ReportSubmissions" ("ParkId", "Year", "QuarterNumber");
CREATE INDEX "IX_ReportSubmissionSteps_SubmissionId" ON "ReportSubmissionSteps" ("SubmissionId");
