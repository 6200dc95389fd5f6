-- audit_log: one row per logged write, newest first, at most $limit rows: logged_at, user_login, user_role, action, detail. params: limit
SELECT logged_at, user_login, user_role, action, detail
FROM audit_log
ORDER BY logged_at DESC, action
LIMIT $limit
