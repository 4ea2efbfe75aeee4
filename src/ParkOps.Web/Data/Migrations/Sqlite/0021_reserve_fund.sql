-- Risk reserve fund (issue 12 §4): the fund's rate versions, balance and ledger, quarterly contributions, bridge loans
-- with instalments and repayments, crises with their firms and actions.

CREATE TABLE "FundSettings" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_FundSettings" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "FromYear" INTEGER NOT NULL,
    "FromQuarter" INTEGER NOT NULL,
    "RatePercent" TEXT NOT NULL,
    "SetBy" TEXT NOT NULL,
    "SetAt" TEXT NOT NULL,
    CONSTRAINT "FK_FundSettings_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "FundAccounts" (
    "ParkId" INTEGER NOT NULL CONSTRAINT "PK_FundAccounts" PRIMARY KEY,
    "Balance" TEXT NOT NULL,
    CONSTRAINT "FK_FundAccounts_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Crises" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Crises" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "Summary" TEXT NULL,
    "AlertId" INTEGER NULL,
    "State" TEXT NOT NULL,
    "OpenedOn" TEXT NOT NULL,
    "OpenedBy" TEXT NOT NULL,
    "ClosedOn" TEXT NULL,
    "Outcome" TEXT NULL,
    CONSTRAINT "FK_Crises_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "FundEntries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_FundEntries" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "Amount" TEXT NOT NULL,
    "BalanceAfter" TEXT NOT NULL,
    "OccurredOn" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "Reference" TEXT NULL,
    "LoanId" INTEGER NULL,
    "RecordedBy" TEXT NOT NULL,
    "RecordedAt" TEXT NOT NULL,
    CONSTRAINT "FK_FundEntries_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_FundEntries_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "BridgeLoans" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_BridgeLoans" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "Principal" TEXT NOT NULL,
    "Repaid" TEXT NOT NULL,
    "Purpose" TEXT NOT NULL,
    "StartDate" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "CrisisId" INTEGER NULL,
    "DisbursedBy" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_BridgeLoans_Crises_CrisisId" FOREIGN KEY ("CrisisId") REFERENCES "Crises" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_BridgeLoans_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_BridgeLoans_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "CrisisFirms" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CrisisFirms" PRIMARY KEY AUTOINCREMENT,
    "CrisisId" INTEGER NOT NULL,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    CONSTRAINT "FK_CrisisFirms_Crises_CrisisId" FOREIGN KEY ("CrisisId") REFERENCES "Crises" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_CrisisFirms_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "CrisisActions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CrisisActions" PRIMARY KEY AUTOINCREMENT,
    "CrisisId" INTEGER NOT NULL,
    "ParkId" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "OccurredOn" TEXT NOT NULL,
    "Note" TEXT NOT NULL,
    "LoanId" INTEGER NULL,
    "Link" TEXT NULL,
    "RecordedBy" TEXT NOT NULL,
    "RecordedAt" TEXT NOT NULL,
    CONSTRAINT "FK_CrisisActions_BridgeLoans_LoanId" FOREIGN KEY ("LoanId") REFERENCES "BridgeLoans" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_CrisisActions_Crises_CrisisId" FOREIGN KEY ("CrisisId") REFERENCES "Crises" ("Id") ON DELETE CASCADE
);

CREATE TABLE "LoanInstalments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_LoanInstalments" PRIMARY KEY AUTOINCREMENT,
    "LoanId" INTEGER NOT NULL,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "Number" INTEGER NOT NULL,
    "DueDate" TEXT NOT NULL,
    "Amount" TEXT NOT NULL,
    "Paid" TEXT NOT NULL,
    CONSTRAINT "FK_LoanInstalments_BridgeLoans_LoanId" FOREIGN KEY ("LoanId") REFERENCES "BridgeLoans" ("Id") ON DELETE CASCADE
);

CREATE TABLE "FundContributions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_FundContributions" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "Year" INTEGER NOT NULL,
    "QuarterNumber" INTEGER NOT NULL,
    "ReportId" INTEGER NOT NULL,
    "RevenueWan" TEXT NOT NULL,
    "RatePercent" TEXT NOT NULL,
    "Amount" TEXT NOT NULL,
    "BillMonth" TEXT NOT NULL,
    "EntryId" INTEGER NOT NULL,
    "PostedBy" TEXT NOT NULL,
    "PostedAt" TEXT NOT NULL,
    CONSTRAINT "FK_FundContributions_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_FundContributions_FundEntries_EntryId" FOREIGN KEY ("EntryId") REFERENCES "FundEntries" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_FundContributions_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "LoanRepayments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_LoanRepayments" PRIMARY KEY AUTOINCREMENT,
    "LoanId" INTEGER NOT NULL,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "Amount" TEXT NOT NULL,
    "PaidOn" TEXT NOT NULL,
    "Reference" TEXT NULL,
    "Allocation" TEXT NOT NULL,
    "EntryId" INTEGER NOT NULL,
    "RecordedBy" TEXT NOT NULL,
    "RecordedAt" TEXT NOT NULL,
    CONSTRAINT "FK_LoanRepayments_BridgeLoans_LoanId" FOREIGN KEY ("LoanId") REFERENCES "BridgeLoans" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_LoanRepayments_FundEntries_EntryId" FOREIGN KEY ("EntryId") REFERENCES "FundEntries" ("Id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "IX_FundSettings_ParkId_FromYear_FromQuarter" ON "FundSettings" ("ParkId", "FromYear", "FromQuarter");

CREATE INDEX "IX_Crises_ParkId_State" ON "Crises" ("ParkId", "State");

CREATE INDEX "IX_FundEntries_EnterpriseId" ON "FundEntries" ("EnterpriseId");

CREATE INDEX "IX_FundEntries_ParkId_Id" ON "FundEntries" ("ParkId", "Id");

CREATE INDEX "IX_BridgeLoans_CrisisId" ON "BridgeLoans" ("CrisisId");

CREATE INDEX "IX_BridgeLoans_EnterpriseId" ON "BridgeLoans" ("EnterpriseId");

CREATE INDEX "IX_BridgeLoans_ParkId_State" ON "BridgeLoans" ("ParkId", "State");

CREATE UNIQUE INDEX "IX_CrisisFirms_CrisisId_EnterpriseId" ON "CrisisFirms" ("CrisisId", "EnterpriseId");

CREATE INDEX "IX_CrisisFirms_EnterpriseId" ON "CrisisFirms" ("EnterpriseId");

CREATE INDEX "IX_CrisisActions_CrisisId" ON "CrisisActions" ("CrisisId");

CREATE INDEX "IX_CrisisActions_LoanId" ON "CrisisActions" ("LoanId");

CREATE UNIQUE INDEX "IX_LoanInstalments_LoanId_Number" ON "LoanInstalments" ("LoanId", "Number");

CREATE UNIQUE INDEX "IX_FundContributions_EnterpriseId_Year_QuarterNumber" ON "FundContributions" ("EnterpriseId", "Year", "QuarterNumber");

CREATE INDEX "IX_FundContributions_EntryId" ON "FundContributions" ("EntryId");

CREATE INDEX "IX_FundContributions_ParkId_Year_QuarterNumber" ON "FundContributions" ("ParkId", "Year", "QuarterNumber");

CREATE INDEX "IX_LoanRepayments_EntryId" ON "LoanRepayments" ("EntryId");

CREATE INDEX "IX_LoanRepayments_LoanId" ON "LoanRepayments" ("LoanId");
