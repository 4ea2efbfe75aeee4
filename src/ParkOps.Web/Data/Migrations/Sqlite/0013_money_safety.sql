-- 0013 money that is never lost (Sqlite): the credit ledger (every credit balance is the sum of its movements), the
-- idempotency keys of retried POSTs, the recorded checks of the books, and the index that finds a payment's reference

CREATE TABLE "IdempotencyRecords" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_IdempotencyRecords" PRIMARY KEY AUTOINCREMENT,
    "UserId" INTEGER NOT NULL,
    "Key" TEXT NOT NULL,
    "Fingerprint" TEXT NOT NULL,
    "Request" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "StatusCode" INTEGER NULL,
    "ContentType" TEXT NULL,
    "Body" BLOB NULL,
    "CreatedAt" TEXT NOT NULL,
    "CompletedAt" TEXT NULL
);
CREATE TABLE "LedgerChecks" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_LedgerChecks" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "Trigger" TEXT NOT NULL,
    "NightlyDay" TEXT NULL,
    "StartedBy" TEXT NOT NULL,
    "StartedAt" TEXT NOT NULL,
    "FinishedAt" TEXT NULL,
    "Bills" INTEGER NOT NULL,
    "Lines" INTEGER NOT NULL,
    "Payments" INTEGER NOT NULL,
    "CreditAccounts" INTEGER NOT NULL,
    "Findings" INTEGER NOT NULL,
    "FindingsJson" text NOT NULL,
    CONSTRAINT "FK_LedgerChecks_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE CASCADE
);
CREATE TABLE "CreditMovements" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CreditMovements" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "Amount" TEXT NOT NULL,
    "BalanceAfter" TEXT NOT NULL,
    "PaymentId" INTEGER NULL,
    "CreditNoteId" INTEGER NULL,
    "Method" TEXT NULL,
    "PaidOn" TEXT NULL,
    "Reference" TEXT NULL,
    "Note" TEXT NULL,
    "RecordedBy" TEXT NOT NULL,
    "RecordedAt" TEXT NOT NULL,
    CONSTRAINT "FK_CreditMovements_CreditNotes_CreditNoteId" FOREIGN KEY ("CreditNoteId") REFERENCES "CreditNotes" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_CreditMovements_Payments_PaymentId" FOREIGN KEY ("PaymentId") REFERENCES "Payments" ("Id") ON DELETE RESTRICT
);
CREATE INDEX "IX_CreditMovements_CreditNoteId" ON "CreditMovements" ("CreditNoteId");
CREATE INDEX "IX_CreditMovements_EnterpriseId_Id" ON "CreditMovements" ("EnterpriseId", "Id");
CREATE INDEX "IX_CreditMovements_PaymentId" ON "CreditMovements" ("PaymentId");
CREATE INDEX "IX_IdempotencyRecords_CreatedAt" ON "IdempotencyRecords" ("CreatedAt");
CREATE UNIQUE INDEX "IX_IdempotencyRecords_UserId_Key" ON "IdempotencyRecords" ("UserId", "Key");
CREATE UNIQUE INDEX "IX_LedgerChecks_ParkId_NightlyDay" ON "LedgerChecks" ("ParkId", "NightlyDay");
CREATE INDEX "IX_Payments_EnterpriseId_Reference" ON "Payments" ("EnterpriseId", "Reference");

-- the credit movements the payments and credit notes so far imply, oldest first, with the running balance; amounts
-- are decimals stored as text, so they are summed as whole ten-thousandths of a yuan and written back as text
INSERT INTO "CreditMovements" ("ParkId", "EnterpriseId", "Kind", "Amount", "BalanceAfter", "PaymentId", "CreditNoteId", "RecordedBy", "RecordedAt")
SELECT "ParkId", "EnterpriseId", "Kind",
       printf('%s%d.%04d', CASE WHEN "U" < 0 THEN '-' ELSE '' END, abs("U") / 10000, abs("U") % 10000),
       printf('%s%d.%04d', CASE WHEN "B" < 0 THEN '-' ELSE '' END, abs("B") / 10000, abs("B") % 10000),
       "PaymentId", "CreditNoteId", "By", "At"
FROM (
    SELECT m.*, SUM("U") OVER (PARTITION BY "EnterpriseId" ORDER BY "At", "Src", "SrcId" ROWS UNBOUNDED PRECEDING) AS "B"
    FROM (
        SELECT "ParkId", "EnterpriseId", 'Overpayment' AS "Kind",
               CAST(round(CAST("Amount" AS REAL) * 10000) AS INTEGER) - CAST(round(CAST("Applied" AS REAL) * 10000) AS INTEGER) AS "U",
               "Id" AS "PaymentId", NULL AS "CreditNoteId", "RecordedBy" AS "By", "RecordedAt" AS "At", 1 AS "Src", "Id" AS "SrcId"
        FROM "Payments" WHERE "Method" <> 'Credit' AND CAST("Amount" AS REAL) > CAST("Applied" AS REAL)
        UNION ALL
        SELECT "ParkId", "EnterpriseId", 'CreditPayment', -CAST(round(CAST("Applied" AS REAL) * 10000) AS INTEGER),
               "Id", NULL, "RecordedBy", "RecordedAt", 1, "Id"
        FROM "Payments" WHERE "Method" = 'Credit' AND CAST("Applied" AS REAL) > 0
        UNION ALL
        SELECT "ParkId", "EnterpriseId", 'ReissueExcess', CAST(round(CAST("ToCredit" AS REAL) * 10000) AS INTEGER),
               NULL, "Id", "IssuedBy", "IssuedAt", 2, "Id"
        FROM "CreditNotes" WHERE CAST("ToCredit" AS REAL) > 0
    ) m
) x
ORDER BY "At", "Src", "SrcId";
