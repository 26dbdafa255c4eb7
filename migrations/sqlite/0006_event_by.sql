-- Who made each status move: a team member's name from the team file, 'owner' for the admin
-- token (and for every move made before members existed).
ALTER TABLE order_events ADD COLUMN by_member TEXT NOT NULL DEFAULT 'owner';
