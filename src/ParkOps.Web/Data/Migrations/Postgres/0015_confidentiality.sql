-- 0015 confidentiality (Postgres): a region's setting lets its government viewers see enterprise detail (default off);
-- capability taxonomy entries local to one park (null = the shared taxonomy)

ALTER TABLE "Regions" ADD COLUMN "GovernmentSeesEnterpriseDetail" boolean NOT NULL DEFAULT false;

ALTER TABLE "Capabilities" ADD COLUMN "ParkId" bigint NULL;
ALTER TABLE "Capabilities" ADD CONSTRAINT "FK_Capabilities_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE CASCADE;

CREATE INDEX "IX_Capabilities_ParkId" ON "Capabilities" ("ParkId");
