-- 0011 booking ids from a sequence in blocks (BlockIdGenerator) instead of an identity column: the id of a new booking
-- is known before it is written, so the booking and its audit row go to the database in one batch (PostgreSQL).
-- The column's default takes the same sequence, so an INSERT without an id still works and cannot collide.

CREATE SEQUENCE "BookingIds" START WITH 1 INCREMENT BY 50 NO CYCLE;

ALTER TABLE "Bookings" ALTER COLUMN "Id" DROP IDENTITY;

-- continue after the bookings that exist (one nextval reserves nextval .. nextval + 49)
SELECT setval('"BookingIds"', COALESCE((SELECT MAX("Id") FROM "Bookings"), 0) + 1, false);

ALTER TABLE "Bookings" ALTER COLUMN "Id" SET DEFAULT nextval('"BookingIds"');
