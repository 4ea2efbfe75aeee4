-- 0027 a park's collection account and payment reference rule (issue 13 item 10): bills print whom to pay and what to
-- write in the transfer's memo.
ALTER TABLE "Parks" ADD COLUMN "PayeeName" TEXT NULL;
ALTER TABLE "Parks" ADD COLUMN "PayeeBank" TEXT NULL;
ALTER TABLE "Parks" ADD COLUMN "PayeeAccount" TEXT NULL;
ALTER TABLE "Parks" ADD COLUMN "PaymentReference" TEXT NOT NULL DEFAULT 'BillNumber';
