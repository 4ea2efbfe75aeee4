-- 0003 billing: bill runs, bills (one live bill per enterprise and month), bill lines, charges posted by other areas (Sqlite)

CREATE TABLE "BillRuns" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_BillRuns" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "Month" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "BillsCreated" INTEGER NOT NULL,
    "BillsExisting" INTEGER NOT NULL,
    "TotalCreated" TEXT NOT NULL,
    "StartedBy" TEXT NOT NULL,
    "StartedAt" TEXT NOT NULL,
    "FinishedAt" TEXT NOT NULL
);

CREATE TABLE "Bills" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Bills" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "RunId" INTEGER NOT NULL,
    "Number" TEXT NOT NULL,
    "Month" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "Total" TEXT NOT NULL,
    "Paid" TEXT NOT NULL,
    "DueDate" TEXT NOT NULL,
    "IssuedAt" TEXT NOT NULL,
    CONSTRAINT "FK_Bills_BillRuns_RunId" FOREIGN KEY ("RunId") REFERENCES "BillRuns" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Bills_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "BillLines" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_BillLines" PRIMARY KEY AUTOINCREMENT,
    "BillId" INTEGER NOT NULL,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "SourceType" TEXT NOT NULL,
    "SourceId" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "Quantity" TEXT NOT NULL,
    "Unit" TEXT NOT NULL,
    "UnitPrice" TEXT NOT NULL,
    "Amount" TEXT NOT NULL,
    "RulesJson" TEXT NOT NULL,
    CONSTRAINT "FK_BillLines_Bills_BillId" FOREIGN KEY ("BillId") REFERENCES "Bills" ("Id") ON DELETE CASCADE
);

CREATE TABLE "PendingCharges" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_PendingCharges" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "Month" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "SourceType" TEXT NOT NULL,
    "SourceId" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "Quantity" TEXT NOT NULL,
    "Unit" TEXT NOT NULL,
    "UnitPrice" TEXT NOT NULL,
    "Amount" TEXT NOT NULL,
    "RulesJson" TEXT NOT NULL,
    "BilledBillId" INTEGER NULL
);

CREATE INDEX "IX_BillLines_BillId" ON "BillLines" ("BillId");

CREATE INDEX "IX_BillRuns_ParkId_Month" ON "BillRuns" ("ParkId", "Month");

CREATE UNIQUE INDEX "IX_Bills_Number" ON "Bills" ("Number");

CREATE INDEX "IX_Bills_ParkId_Month" ON "Bills" ("ParkId", "Month");

CREATE INDEX "IX_Bills_RunId" ON "Bills" ("RunId");

CREATE UNIQUE INDEX "UX_Bills_Enterprise_Month_Live" ON "Bills" ("EnterpriseId", "Month") WHERE "State" <> 'Cancelled';

CREATE INDEX "IX_PendingCharges_ParkId_Month_BilledBillId" ON "PendingCharges" ("ParkId", "Month", "BilledBillId");

CREATE UNIQUE INDEX "IX_PendingCharges_SourceType_SourceId_Month" ON "PendingCharges" ("SourceType", "SourceId", "Month");
