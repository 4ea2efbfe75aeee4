-- 0004 payments: payments against bills and enterprises' credit balances (Sqlite)

CREATE TABLE "CreditBalances" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CreditBalances" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "Amount" TEXT NOT NULL
);

CREATE TABLE "Payments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Payments" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "BillId" INTEGER NOT NULL,
    "Amount" TEXT NOT NULL,
    "Applied" TEXT NOT NULL,
    "Method" TEXT NOT NULL,
    "PaidOn" TEXT NOT NULL,
    "Reference" TEXT NULL,
    "RecordedBy" TEXT NOT NULL,
    "RecordedAt" TEXT NOT NULL,
    CONSTRAINT "FK_Payments_Bills_BillId" FOREIGN KEY ("BillId") REFERENCES "Bills" ("Id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "IX_CreditBalances_EnterpriseId" ON "CreditBalances" ("EnterpriseId");

CREATE INDEX "IX_Payments_BillId" ON "Payments" ("BillId");
