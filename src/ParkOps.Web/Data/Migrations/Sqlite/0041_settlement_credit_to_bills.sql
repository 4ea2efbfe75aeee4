-- 0041 issue 15 §7: rent and property fee billed beyond the end of a lease are credited by its exit settlement; the part
-- set against the unpaid bills (payments "多收冲减", booked before the deposit) is kept beside DepositToBills (Sqlite)
ALTER TABLE "LeaseSettlements" ADD COLUMN "CreditToBills" TEXT NOT NULL DEFAULT '0';
