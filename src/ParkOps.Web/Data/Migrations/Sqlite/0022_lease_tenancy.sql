-- 0022 time in the park and facts fixed at signing (issue 15): a lease keeps the tenant facts that price it from its
-- signing on, its months in the park before it, and the startup free months used before and granted by it. Leases
-- signed earlier keep FactsFixedAt NULL and are priced from the archive as before (their billed months do not move).
ALTER TABLE "Leases" ADD COLUMN "FactsFixedAt" TEXT NULL;
ALTER TABLE "Leases" ADD COLUMN "FactLeadingIndustry" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Leases" ADD COLUMN "FactHighTech" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Leases" ADD COLUMN "FactUnrelatedIndustry" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Leases" ADD COLUMN "FactStartup" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Leases" ADD COLUMN "MonthsInParkBefore" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Leases" ADD COLUMN "StartupFreeMonthsUsed" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Leases" ADD COLUMN "StartupFreeMonthsGranted" INTEGER NULL;
