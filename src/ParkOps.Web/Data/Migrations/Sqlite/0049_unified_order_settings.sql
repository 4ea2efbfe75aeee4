-- 0049 issue 14 §2: a park's default brand/platform fee rate for unified orders (Sqlite)

CREATE TABLE "UnifiedOrderSettings" (
    "ParkId" INTEGER NOT NULL CONSTRAINT "PK_UnifiedOrderSettings" PRIMARY KEY,
    "DefaultFeePercent" TEXT NOT NULL,
    "UpdatedBy" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_UnifiedOrderSettings_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE CASCADE
);
