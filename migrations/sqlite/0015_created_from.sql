-- A phone on a weak connection sends `POST /api/admin/producers` again when its answer was lost
-- (issue #28): the request a producer put on the market at run time was made from (its content
-- and each box's first stock, as text) is kept, so the same request again is answered as the
-- first was while the content is unedited (`content_version` 0), and another request for a
-- taken slug is still refused. NULL for a producer a file seeded.

ALTER TABLE producers ADD COLUMN created_from TEXT;
