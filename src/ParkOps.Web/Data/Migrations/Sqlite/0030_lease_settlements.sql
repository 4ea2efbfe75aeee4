-- 0030 exit settlement as a statement (issue 15 §7): one settlement per lease, its frozen lines and approval trail; the last month it charged (Sqlite)

ALTER TABLE "Leases" ADD COLUMN "SettledThrough" TEXT NULL;

CREATE TABLE "LeaseSettlements" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_LeaseSettlements" PRIMARY KEY AUTOINCREMENT,
    "LeaseId" INTEGER NOT NULL,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "State" TEXT NOT NULL,
    "Damages" TEXT NOT NULL,
    "DamagesNote" TEXT NULL,
    "DeductionsJson" text NOT NULL,
    "LinesJson" text NULL,
    "Deposit" TEXT NOT NULL,
    "TotalDeductions" TEXT NOT NULL,
    "Refund" TEXT NOT NULL,
    "Owed" TEXT NOT NULL,
    "DepositToBills" TEXT NOT NULL,
    "ChargePosted" TEXT NULL,
    "ChargeMonth" TEXT NULL,
    "DraftedBy" TEXT NOT NULL,
    "DraftedAt" TEXT NOT NULL,
    "SubmittedBy" TEXT NULL,
    "SubmittedAt" TEXT NULL,
    "ApprovedBy" TEXT NULL,
    "ApprovedAt" TEXT NULL,
    "SettledBy" TEXT NULL,
    "SettledAt" TEXT NULL,
    "UpdatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_LeaseSettlements_Leases_LeaseId" FOREIGN KEY ("LeaseId") REFERENCES "Leases" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_LeaseSettlements_LeaseId" ON "LeaseSettlements" ("LeaseId");
