-- 0017 quarterly operating reports (Reporting, DOMAIN §7): one row per enterprise and quarter, money in 万元, with
-- its main customers (in-park by id, others by name) for the ripple and concentration rules.
CREATE TABLE "QuarterlyReports" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_QuarterlyReports" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "Year" INTEGER NOT NULL,
    "QuarterNumber" INTEGER NOT NULL,
    "State" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    "Output" TEXT NOT NULL,
    "MainRevenue" TEXT NOT NULL,
    "Tax" TEXT NOT NULL,
    "ValueAdded" TEXT NOT NULL,
    "RdSpend" TEXT NOT NULL,
    "EnergyTce" TEXT NOT NULL,
    "ElectricityKwh" TEXT NOT NULL,
    "WaterT" TEXT NOT NULL,
    "EmissionsT" TEXT NULL,
    "AvgHeadcount" TEXT NOT NULL,
    "NetProfit" TEXT NOT NULL,
    "TotalAssets" TEXT NOT NULL,
    "TotalLiabilities" TEXT NOT NULL,
    "PatentsHeld" INTEGER NOT NULL,
    "PatentsGranted" INTEGER NOT NULL,
    "ElectricityFromMeters" INTEGER NOT NULL,
    "WaterFromMeters" INTEGER NOT NULL,
    "Difficulties" TEXT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "UpdatedBy" TEXT NOT NULL,
    "SubmittedAt" TEXT NULL,
    CONSTRAINT "FK_QuarterlyReports_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_QuarterlyReports_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "ReportCustomers" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ReportCustomers" PRIMARY KEY AUTOINCREMENT,
    "ReportId" INTEGER NOT NULL,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "Position" INTEGER NOT NULL,
    "CustomerEnterpriseId" INTEGER NULL,
    "Name" TEXT NOT NULL,
    "SharePercent" TEXT NOT NULL,
    CONSTRAINT "FK_ReportCustomers_QuarterlyReports_ReportId" FOREIGN KEY ("ReportId") REFERENCES "QuarterlyReports" ("Id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "IX_QuarterlyReports_EnterpriseId_Year_QuarterNumber" ON "QuarterlyReports" ("EnterpriseId", "Year", "QuarterNumber");
CREATE INDEX "IX_QuarterlyReports_ParkId_Year_QuarterNumber" ON "QuarterlyReports" ("ParkId", "Year", "QuarterNumber");
CREATE INDEX "IX_ReportCustomers_ParkId_CustomerEnterpriseId" ON "ReportCustomers" ("ParkId", "CustomerEnterpriseId");
CREATE UNIQUE INDEX "IX_ReportCustomers_ReportId_Position" ON "ReportCustomers" ("ReportId", "Position");
