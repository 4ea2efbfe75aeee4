-- 0051 issue 14: a contribution run keeps what it read (the highest contribution record and audit row ids, and the ids
-- of the collaborations and unified-order parts it counted), so the records behind its values are read again later as
-- they were, instead of being stored with every firm's row (Sqlite)

ALTER TABLE "ContributionRuns" ADD "RecordsUpTo" INTEGER NULL;
ALTER TABLE "ContributionRuns" ADD "ActivityUpTo" INTEGER NULL;
ALTER TABLE "ContributionRuns" ADD "CountedJson" TEXT NULL;
