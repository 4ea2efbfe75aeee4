-- 0036 issue 15 §5: the admission thin-stage rule as a park setting (a share of the crowded count, default one half) (Sqlite)

ALTER TABLE "Parks" ADD COLUMN "ThinStageShare" TEXT NOT NULL DEFAULT '0.5';
