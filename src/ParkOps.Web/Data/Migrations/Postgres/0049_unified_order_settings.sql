-- 0049 issue 14 §2: a park's default brand/platform fee rate for unified orders (Postgres)

CREATE TABLE "UnifiedOrderSettings" (
    "ParkId" bigint NOT NULL,
    "DefaultFeePercent" numeric(18,4) NOT NULL,
    "UpdatedBy" character varying(64) NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_UnifiedOrderSettings" PRIMARY KEY ("ParkId"),
    CONSTRAINT "FK_UnifiedOrderSettings_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE CASCADE
);
