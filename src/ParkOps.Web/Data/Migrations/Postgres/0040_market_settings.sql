-- 0040 issue 15 §5: a park's own matching weights and threshold and credit-file weights (Postgres)

CREATE TABLE "MarketSettings" (
    "ParkId" bigint NOT NULL,
    "CapabilityFit" numeric(3,2) NOT NULL,
    "CapacityFit" numeric(3,2) NOT NULL,
    "WindowOverlap" numeric(3,2) NOT NULL,
    "PartnerCredit" numeric(3,2) NOT NULL,
    "PastCollaboration" numeric(3,2) NOT NULL,
    "TextSimilarity" numeric(3,2) NOT NULL,
    "Distance" numeric(3,2) NOT NULL,
    "MinScore" numeric(3,2) NOT NULL,
    "CreditRent" numeric(3,2) NOT NULL,
    "CreditCollaboration" numeric(3,2) NOT NULL,
    "CreditReporting" numeric(3,2) NOT NULL,
    "UpdatedBy" character varying(64) NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_MarketSettings" PRIMARY KEY ("ParkId"),
    CONSTRAINT "FK_MarketSettings_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE CASCADE
);
