-- insert_audit: one row per write appended to audit_log (who, role, action, detail, now). params: user_login, user_role, action, detail
INSERT INTO audit_log (logged_at, user_login, user_role, action, detail)
VALUES (now(), $user_login, $user_role, $action, $detail)
