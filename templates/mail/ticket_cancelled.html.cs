<?cs set:Mail.Title = Lang.Mail.TicketCancelled.Subject ?><?cs include:"mail/html_head.cs" ?>
<p style="margin:0 0 16px;"><?cs var:Lang.Mail.Greeting ?><?cs if:Mail.Name ?>, <?cs var:Mail.Name ?><?cs /if ?>!</p>
<p style="margin:0 0 20px;"><?cs var:Lang.Mail.TicketCancelled.Body ?></p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 20px;background-color:#fde9e8;border-left:5px solid #a11b14;border-radius:6px;">
<tr><td style="padding:14px 18px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b1f24;">
<p style="margin:0 0 6px;font-size:18px;font-weight:bold;color:#a11b14;"><?cs var:Mail.Event ?></p>
<p style="margin:0;"><span style="color:#4a5360;"><?cs var:Lang.Mail.Tk.When ?>:</span> <?cs var:Mail.When ?></p>
<?cs if:Mail.Venue ?>
<p style="margin:0;"><span style="color:#4a5360;"><?cs var:Lang.Mail.Tk.Venue ?>:</span> <?cs var:Mail.Venue ?></p>
<?cs /if ?>
<p style="margin:0;"><span style="color:#4a5360;"><?cs var:Lang.Mail.Tk.Code ?>:</span> <strong><?cs var:Mail.Code ?></strong></p>
<?cs if:Mail.Seat ?>
<p style="margin:0;"><span style="color:#4a5360;"><?cs var:Lang.Mail.Tk.Seat ?>:</span> <?cs var:Mail.Seat ?></p>
<?cs /if ?>
</td></tr>
</table>
<p style="margin:0 0 20px;font-size:14px;color:#4a5360;"><?cs var:Lang.Mail.TicketCancelled.Calendar ?></p>
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 24px;">
<tr><td style="border-radius:6px;background-color:#0b5a7f;"><a href="<?cs var:Mail.Link ?>" style="display:inline-block;padding:12px 24px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:6px;"><?cs var:Lang.Mail.TicketCancelled.Button ?></a></td></tr>
</table>
<p style="margin:0;"><?cs var:Lang.Mail.Signature ?></p>
<?cs include:"mail/html_foot.cs" ?>
