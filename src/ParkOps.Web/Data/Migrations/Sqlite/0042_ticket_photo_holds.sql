-- 0041 issue 13 item 11: a new ticket's photo held while the form is corrected (Sqlite)

CREATE TABLE "TicketPhotoHolds" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_TicketPhotoHolds" PRIMARY KEY AUTOINCREMENT,
    "Token" TEXT NOT NULL,
    "ParkId" INTEGER NOT NULL,
    "UserId" INTEGER NULL,
    "ContentType" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "FileName" TEXT NOT NULL,
    "Data" BLOB NOT NULL,
    "HeldAt" TEXT NOT NULL
);

CREATE INDEX "IX_TicketPhotoHolds_HeldAt" ON "TicketPhotoHolds" ("HeldAt");

CREATE UNIQUE INDEX "IX_TicketPhotoHolds_Token" ON "TicketPhotoHolds" ("Token");
