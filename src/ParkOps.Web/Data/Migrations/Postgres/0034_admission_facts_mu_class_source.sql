-- 0034 issue 15 §4 and §6: where an enterprise's 亩均 class comes from (year, published evaluation version or an
-- operator's source) and the facts the negative list judges (declared processes, permit category, an earlier grade) (Postgres)

ALTER TABLE "Enterprises" ADD "MuClassYear" integer;
ALTER TABLE "Enterprises" ADD "MuClassVersion" integer;
ALTER TABLE "Enterprises" ADD "MuClassSource" character varying(200);
ALTER TABLE "Enterprises" ADD "Processes" character varying(400) NOT NULL DEFAULT '';
ALTER TABLE "Enterprises" ADD "EmissionCategory" character varying(10);
ALTER TABLE "Enterprises" ADD "EarlierClass" character varying(1);
ALTER TABLE "Enterprises" ADD "EarlierClassYear" integer;
ALTER TABLE "Enterprises" ADD "EarlierClassPlace" character varying(50);
