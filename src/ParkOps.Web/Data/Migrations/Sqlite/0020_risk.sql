-- 0020 risk warnings (issue 12 §3): alerts with their evidence and lifecycle (one active alert per finding key and
-- park), the runs of the rules (a nightly run's day unique per park: once across processes), per-park thresholds.
CREATE TABLE "RiskRuns" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RiskRuns" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "Trigger" TEXT NOT NULL,
    "NightlyDay" TEXT NULL,
    "StartedBy" TEXT NOT NULL,
    "StartedAt" TEXT NOT NULL,
    "FinishedAt" TEXT NULL,
    "Quarter" TEXT NOT NULL,
    "Findings" INTEGER NOT NULL,
    "Raised" INTEGER NOT NULL,
    "Updated" INTEGER NOT NULL,
    CONSTRAINT "FK_RiskRuns_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE CASCADE
);
CREATE TABLE "RiskSettings" (
    "ParkId" INTEGER NOT NULL CONSTRAINT "PK_RiskSettings" PRIMARY KEY,
    "Json" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "UpdatedBy" TEXT NOT NULL,
    CONSTRAINT "FK_RiskSettings_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE CASCADE
);
CREATE TABLE "RiskAlerts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RiskAlerts" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "Type" TEXT NOT NULL,
    "Severity" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "EnterpriseId" INTEGER NULL,
    "DedupeKey" TEXT NOT NULL,
    "ActiveKey" TEXT NULL,
    "Basis" TEXT NOT NULL,
    "EvidenceJson" TEXT NOT NULL,
    "RaisedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "StillHolds" INTEGER NOT NULL,
    "Owner" TEXT NULL,
    "StateChangedAt" TEXT NULL,
    "Reason" TEXT NULL,
    CONSTRAINT "FK_RiskAlerts_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_RiskAlerts_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE CASCADE
);
CREATE INDEX "IX_RiskAlerts_EnterpriseId" ON "RiskAlerts" ("EnterpriseId");
CREATE UNIQUE INDEX "IX_RiskAlerts_ParkId_ActiveKey" ON "RiskAlerts" ("ParkId", "ActiveKey");
CREATE INDEX "IX_RiskAlerts_ParkId_DedupeKey" ON "RiskAlerts" ("ParkId", "DedupeKey");
CREATE UNIQUE INDEX "IX_RiskRuns_ParkId_NightlyDay" ON "RiskRuns" ("ParkId", "NightlyDay");
