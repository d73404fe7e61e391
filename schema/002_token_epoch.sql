-- Access tokens carry the user's epoch; raising it (password reset, block)
-- ends every token already handed out, at once, without a token table.
ALTER TABLE users ADD COLUMN token_epoch INT UNSIGNED NOT NULL DEFAULT 0 AFTER blocked;
