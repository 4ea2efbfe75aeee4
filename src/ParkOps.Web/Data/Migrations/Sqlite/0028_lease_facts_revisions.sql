-- 0028 an operator may re-evaluate the tenant facts of a signed lease from a future, unbilled month on (issue 15 §2)
CREATE TABLE "LeaseFactsRevisions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_LeaseFactsRevisions" PRIMARY KEY AUTOINCREMENT,
    "LeaseId" INTEGER NOT NULL,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "EffectiveMonth" TEXT NOT NULL,
    "LeadingIndustry" INTEGER NOT NULL,
    "HighTech" INTEGER NOT NULL,
    "UnrelatedIndustry" INTEGER NOT NULL,
    "Startup" INTEGER NOT NULL,
    "Reason" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_LeaseFactsRevisions_Leases_LeaseId" FOREIGN KEY ("LeaseId") REFERENCES "Leases" ("Id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "IX_LeaseFactsRevisions_LeaseId_EffectiveMonth" ON "LeaseFactsRevisions" ("LeaseId", "EffectiveMonth");
