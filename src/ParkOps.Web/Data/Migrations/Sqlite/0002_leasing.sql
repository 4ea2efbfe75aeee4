-- 0002 leasing: rent policy versions, leases, lease units (one holding lease per unit), enterprise score and 亩均 class (Sqlite)

ALTER TABLE "Enterprises" ADD COLUMN "ContributionScore" TEXT NULL;

ALTER TABLE "Enterprises" ADD COLUMN "MuClass" TEXT NULL;

CREATE TABLE "RentPolicyVersions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RentPolicyVersions" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "EffectiveFrom" TEXT NOT NULL,
    "FactoryPrice" TEXT NOT NULL,
    "LabPrice" TEXT NOT NULL,
    "OfficePrice" TEXT NOT NULL,
    "WarehousePrice" TEXT NOT NULL,
    "DormitoryPrice" TEXT NOT NULL,
    "LeadingIndustryDiscount" TEXT NOT NULL,
    "HighTechDiscount" TEXT NOT NULL,
    "UnrelatedIndustryPremium" TEXT NOT NULL,
    "LongLeaseMinYears" INTEGER NOT NULL,
    "LongLeaseYearlyDecrease" TEXT NOT NULL,
    "StartupFreeMonths" INTEGER NOT NULL,
    "ContributionFromLeaseYear" INTEGER NOT NULL,
    "ContributionMaxDiscount" TEXT NOT NULL,
    "PropertyFeePerSqm" TEXT NOT NULL,
    "DepositMonths" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    CONSTRAINT "FK_RentPolicyVersions_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Leases" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Leases" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "Code" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "StartDate" TEXT NOT NULL,
    "TermMonths" INTEGER NOT NULL,
    "EndDate" TEXT NOT NULL,
    "EquityFreeMonths" INTEGER NOT NULL,
    "Deposit" TEXT NOT NULL,
    "PreviousLeaseId" INTEGER NULL,
    "TerminatedOn" TEXT NULL,
    "TerminationReason" TEXT NULL,
    "SettlementDamages" TEXT NULL,
    "SettlementArrears" TEXT NULL,
    "SettlementRefund" TEXT NULL,
    "SettledAt" TEXT NULL,
    "Notes" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_Leases_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "LeaseUnits" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_LeaseUnits" PRIMARY KEY AUTOINCREMENT,
    "LeaseId" INTEGER NOT NULL,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "UnitId" INTEGER NOT NULL,
    "AreaSqm" TEXT NOT NULL,
    "Use" TEXT NOT NULL,
    "Holds" INTEGER NOT NULL,
    CONSTRAINT "FK_LeaseUnits_Leases_LeaseId" FOREIGN KEY ("LeaseId") REFERENCES "Leases" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_LeaseUnits_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "IX_Leases_Code" ON "Leases" ("Code");

CREATE INDEX "IX_Leases_EnterpriseId" ON "Leases" ("EnterpriseId");

CREATE INDEX "IX_Leases_ParkId_State_EndDate" ON "Leases" ("ParkId", "State", "EndDate");

CREATE INDEX "IX_LeaseUnits_LeaseId" ON "LeaseUnits" ("LeaseId");

CREATE UNIQUE INDEX "UX_LeaseUnits_UnitId_Holding" ON "LeaseUnits" ("UnitId") WHERE "Holds";

CREATE UNIQUE INDEX "IX_RentPolicyVersions_ParkId_EffectiveFrom" ON "RentPolicyVersions" ("ParkId", "EffectiveFrom");
