-- Issue 14's benefits benchmark: the contribution score's platform-activity indicator reads each enterprise account's
-- audit rows of a year (the days it wrote something). Without this index every read scanned the whole year's audit log
-- by time, once per 500 accounts: quadratic in a park's size (bench/results/benefits.md).
CREATE INDEX "IX_AuditEntries_ActorId_At" ON "AuditEntries" ("ActorId", "At");
