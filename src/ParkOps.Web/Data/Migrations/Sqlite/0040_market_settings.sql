-- 0040 issue 15 §5: a park's own matching weights and threshold and credit-file weights (Sqlite)

CREATE TABLE "MarketSettings" (
    "ParkId" INTEGER NOT NULL CONSTRAINT "PK_MarketSettings" PRIMARY KEY,
    "CapabilityFit" TEXT NOT NULL,
    "CapacityFit" TEXT NOT NULL,
    "WindowOverlap" TEXT NOT NULL,
    "PartnerCredit" TEXT NOT NULL,
    "PastCollaboration" TEXT NOT NULL,
    "TextSimilarity" TEXT NOT NULL,
    "Distance" TEXT NOT NULL,
    "MinScore" TEXT NOT NULL,
    "CreditRent" TEXT NOT NULL,
    "CreditCollaboration" TEXT NOT NULL,
    "CreditReporting" TEXT NOT NULL,
    "UpdatedBy" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_MarketSettings_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE CASCADE
);
