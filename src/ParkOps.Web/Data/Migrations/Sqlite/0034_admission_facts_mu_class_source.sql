-- 0034 issue 15 §4 and §6: where an enterprise's 亩均 class comes from (year, published evaluation version or an
-- operator's source) and the facts the negative list judges (declared processes, permit category, an earlier grade) (Sqlite)

ALTER TABLE "Enterprises" ADD COLUMN "MuClassYear" INTEGER NULL;
ALTER TABLE "Enterprises" ADD COLUMN "MuClassVersion" INTEGER NULL;
ALTER TABLE "Enterprises" ADD COLUMN "MuClassSource" TEXT NULL;
ALTER TABLE "Enterprises" ADD COLUMN "Processes" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Enterprises" ADD COLUMN "EmissionCategory" TEXT NULL;
ALTER TABLE "Enterprises" ADD COLUMN "EarlierClass" TEXT NULL;
ALTER TABLE "Enterprises" ADD COLUMN "EarlierClassYear" INTEGER NULL;
ALTER TABLE "Enterprises" ADD COLUMN "EarlierClassPlace" TEXT NULL;
