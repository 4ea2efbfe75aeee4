-- 0005 metering: meters, readings (unique per meter and instant), anomaly flags, utility tariffs, late-fee policies (Sqlite)

CREATE TABLE "LateFeePolicies" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_LateFeePolicies" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "EffectiveFrom" TEXT NOT NULL,
    "DailyRate" TEXT NOT NULL,
    "GraceDays" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    CONSTRAINT "FK_LateFeePolicies_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE CASCADE
);

CREATE TABLE "UtilityTariffs" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_UtilityTariffs" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "Utility" TEXT NOT NULL,
    "EffectiveFrom" TEXT NOT NULL,
    "UnitPrice" TEXT NOT NULL,
    "ClassCSurcharge" TEXT NOT NULL,
    "ClassDSurcharge" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    CONSTRAINT "FK_UtilityTariffs_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Meters" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Meters" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "UnitId" INTEGER NOT NULL,
    "Utility" TEXT NOT NULL,
    "Code" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_Meters_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "MeterAnomalies" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MeterAnomalies" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "MeterId" INTEGER NOT NULL,
    "Month" TEXT NOT NULL,
    "Rule" TEXT NOT NULL,
    "Reason" TEXT NOT NULL,
    "DetectedAt" TEXT NOT NULL,
    CONSTRAINT "FK_MeterAnomalies_Meters_MeterId" FOREIGN KEY ("MeterId") REFERENCES "Meters" ("Id") ON DELETE CASCADE
);

CREATE TABLE "MeterReadings" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MeterReadings" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "MeterId" INTEGER NOT NULL,
    "At" TEXT NOT NULL,
    "Value" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    "RecordedAt" TEXT NOT NULL,
    CONSTRAINT "FK_MeterReadings_Meters_MeterId" FOREIGN KEY ("MeterId") REFERENCES "Meters" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_LateFeePolicies_ParkId_EffectiveFrom" ON "LateFeePolicies" ("ParkId", "EffectiveFrom");

CREATE UNIQUE INDEX "IX_MeterAnomalies_MeterId_Month_Rule" ON "MeterAnomalies" ("MeterId", "Month", "Rule");

CREATE INDEX "IX_MeterAnomalies_ParkId_Month" ON "MeterAnomalies" ("ParkId", "Month");

CREATE UNIQUE INDEX "IX_MeterReadings_MeterId_At" ON "MeterReadings" ("MeterId", "At");

CREATE INDEX "IX_MeterReadings_ParkId_At" ON "MeterReadings" ("ParkId", "At");

CREATE UNIQUE INDEX "IX_Meters_ParkId_Code" ON "Meters" ("ParkId", "Code");

CREATE INDEX "IX_Meters_UnitId" ON "Meters" ("UnitId");

CREATE UNIQUE INDEX "IX_UtilityTariffs_ParkId_Utility_EffectiveFrom" ON "UtilityTariffs" ("ParkId", "Utility", "EffectiveFrom");
