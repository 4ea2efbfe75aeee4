-- 0009 credit notes: a bill is reissued, never edited; a credit note cancels it and names its replacement (Sqlite)

ALTER TABLE "Bills" ADD COLUMN "ReplacesBillId" INTEGER NULL;

CREATE TABLE "CreditNotes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CreditNotes" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "Number" TEXT NOT NULL,
    "BillId" INTEGER NOT NULL,
    "ReplacementBillId" INTEGER NOT NULL,
    "Amount" TEXT NOT NULL,
    "PaidCarried" TEXT NOT NULL,
    "ToCredit" TEXT NOT NULL,
    "Reason" TEXT NOT NULL,
    "IssuedBy" TEXT NOT NULL,
    "IssuedAt" TEXT NOT NULL,
    CONSTRAINT "FK_CreditNotes_Bills_BillId" FOREIGN KEY ("BillId") REFERENCES "Bills" ("Id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "IX_CreditNotes_BillId" ON "CreditNotes" ("BillId");
CREATE UNIQUE INDEX "IX_CreditNotes_Number" ON "CreditNotes" ("Number");
