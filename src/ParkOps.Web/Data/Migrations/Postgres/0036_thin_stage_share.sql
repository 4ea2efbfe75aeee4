-- 0036 issue 15 §5: the admission thin-stage rule as a park setting (a share of the crowded count, default one half) (Postgres)

ALTER TABLE "Parks" ADD "ThinStageShare" numeric(4,2) NOT NULL DEFAULT 0.5;
