-- 0014 sessions that end, and sign-in backoff per account and client address (Features/Auth).
-- A cookie or bearer token counts only while its row in UserSessions exists: signing out deletes it, and every app
-- process sharing the database refuses the cookie or token at its next request.
CREATE TABLE "UserSessions" (
    "Id" character varying(64) NOT NULL,
    "UserId" bigint NOT NULL,
    "Via" character varying(16) NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "ExpiresAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_UserSessions" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_UserSessions_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_UserSessions_ExpiresAt" ON "UserSessions" ("ExpiresAt");
CREATE INDEX "IX_UserSessions_UserId" ON "UserSessions" ("UserId");

-- failed sign-ins slow down the pair (account, client address) that makes them, never the account itself
CREATE TABLE "SignInThrottles" (
    "UserId" bigint NOT NULL,
    "Address" character varying(64) NOT NULL,
    "Failures" integer NOT NULL,
    "Level" integer NOT NULL,
    "BlockedUntil" timestamp with time zone,
    "LastAttemptAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_SignInThrottles" PRIMARY KEY ("UserId", "Address"),
    CONSTRAINT "FK_SignInThrottles_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_SignInThrottles_LastAttemptAt" ON "SignInThrottles" ("LastAttemptAt");

-- accounts no longer lock: the account-wide failure count and lockout end go
ALTER TABLE "Users" DROP COLUMN "FailedLogins";
ALTER TABLE "Users" DROP COLUMN "LockoutEndUtc";
