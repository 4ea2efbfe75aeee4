-- 0027 a park's collection account and payment reference rule (issue 13 item 10): bills print whom to pay and what to
-- write in the transfer's memo.
ALTER TABLE "Parks" ADD COLUMN "PayeeName" character varying(100) NULL;
ALTER TABLE "Parks" ADD COLUMN "PayeeBank" character varying(100) NULL;
ALTER TABLE "Parks" ADD COLUMN "PayeeAccount" character varying(40) NULL;
ALTER TABLE "Parks" ADD COLUMN "PaymentReference" character varying(32) NOT NULL DEFAULT 'BillNumber';
