-- Signed in after registering (issue 13, point 2) without telling who has an
-- account: registering a known address from the page makes a stand-in account
-- (email NULL, so it can never sign in again, be reset or be confirmed) that
-- keeps the address typed here, and the browser is signed in to it exactly as a
-- new account's would be.  The address's owner gets the "someone tried to
-- register" mail as before; the stand-in only ever sees what it bought itself.
ALTER TABLE users ADD COLUMN typed_email VARCHAR(254) NULL AFTER pending_email;
