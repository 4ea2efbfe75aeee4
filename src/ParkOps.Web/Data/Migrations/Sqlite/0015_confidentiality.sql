-- 0015 confidentiality (Sqlite): a region's setting lets its government viewers see enterprise detail (default off);
-- capability taxonomy entries local to one park (null = the shared taxonomy)

ALTER TABLE "Regions" ADD COLUMN "GovernmentSeesEnterpriseDetail" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "Capabilities" ADD COLUMN "ParkId" INTEGER NULL CONSTRAINT "FK_Capabilities_Parks_ParkId" REFERENCES "Parks" ("Id") ON DELETE CASCADE;

CREATE INDEX "IX_Capabilities_ParkId" ON "Capabilities" ("ParkId");
