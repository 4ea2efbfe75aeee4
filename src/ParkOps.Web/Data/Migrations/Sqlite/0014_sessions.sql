-- 0014 sessions that end, and sign-in backoff per account and client address (Features/Auth).
-- A cookie or bearer token counts only while its row in UserSessions exists: signing out deletes it, and every app
-- process sharing the database refuses the cookie or token at its next request.
CREATE TABLE "UserSessions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_UserSessions" PRIMARY KEY,
    "UserId" INTEGER NOT NULL,
    "Via" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ExpiresAt" TEXT NOT NULL,
    CONSTRAINT "FK_UserSessions_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_UserSessions_ExpiresAt" ON "UserSessions" ("ExpiresAt");
CREATE INDEX "IX_UserSessions_UserId" ON "UserSessions" ("UserId");

-- failed sign-ins slow down the pair (account, client address) that makes them, never the account itself
CREATE TABLE "SignInThrottles" (
    "UserId" INTEGER NOT NULL,
    "Address" TEXT NOT NULL,
    "Failures" INTEGER NOT NULL,
    "Level" INTEGER NOT NULL,
    "BlockedUntil" TEXT NULL,
    "LastAttemptAt" TEXT NOT NULL,
    CONSTRAINT "PK_SignInThrottles" PRIMARY KEY ("UserId", "Address"),
    CONSTRAINT "FK_SignInThrottles_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_SignInThrottles_LastAttemptAt" ON "SignInThrottles" ("LastAttemptAt");

-- accounts no longer lock: the account-wide failure count and lockout end go
ALTER TABLE "Users" DROP COLUMN "FailedLogins";
ALTER TABLE "Users" DROP COLUMN "LockoutEndUtc";
