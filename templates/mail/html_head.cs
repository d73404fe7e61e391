<?cs # The start of every HTML mail: a plain, centred card (inline styles: mail clients drop stylesheets). Mail.Title is set by the including template. ?><!DOCTYPE html>
<html lang="<?cs var:Lang.Code ?>">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title><?cs var:Mail.Title ?></title>
</head>
<body style="margin:0;padding:0;background-color:#f4f5f7;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f4f5f7;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background-color:#ffffff;border:1px solid #dde1e6;border-radius:8px;">
<tr><td style="padding:20px 28px;border-bottom:1px solid #dde1e6;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:20px;font-weight:bold;color:#0b5a7f;"><?cs if:Site.Name ?><?cs var:Site.Name ?><?cs else ?>Kametay<?cs /if ?></td></tr>
<tr><td style="padding:28px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b1f24;">
