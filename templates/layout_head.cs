<?cs include:"macros.cs" ?><!DOCTYPE html>
<html lang="<?cs if:Page.Lang ?><?cs var:Page.Lang ?><?cs else ?><?cs var:Lang.Code ?><?cs /if ?>">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><?cs
if:Page.RefreshSeconds ?>
<meta http-equiv="refresh" content="<?cs var:Page.RefreshSeconds ?>"><?cs
/if ?>
<title><?cs if:Page.Title ?><?cs var:Page.Title ?> — <?cs elif:Lang.Title[Page.Name] ?><?cs var:Lang.Title[Page.Name] ?> — <?cs /if ?><?cs var:Site.Name ?></title>
<meta name="description" content="<?cs if:Page.Description ?><?cs var:Page.Description ?><?cs else ?><?cs var:Lang.Site.tagline ?><?cs /if ?>"><?cs
# issue 13: a shared link's card (set by the event page, pages/events.c) ?><?cs
if:Page.OG.Title ?>
<meta property="og:title" content="<?cs var:Page.OG.Title ?>">
<meta property="og:description" content="<?cs var:Page.OG.Description ?>">
<meta property="og:type" content="<?cs var:Page.OG.Type ?>">
<meta property="og:url" content="<?cs var:Page.OG.URL ?>">
<meta property="og:site_name" content="<?cs var:Site.Name ?>"><?cs
  if:Page.OG.Image ?>
<meta property="og:image" content="<?cs var:Page.OG.Image ?>"><?cs
  /if ?>
<link rel="canonical" href="<?cs var:Page.OG.URL ?>"><?cs
/if ?><?cs
# issue 13: the same page in each language, and x-default without ?lang= (core/http.c) ?><?cs
if:Page.Indexable ?><?cs
  each:a = Page.Alt ?>
<link rel="alternate" hreflang="<?cs var:a.Code ?>" href="<?cs var:Page.AltBase ?><?cs var:a.Href ?>"><?cs
  /each ?>
<link rel="alternate" hreflang="x-default" href="<?cs var:Page.AltBase ?><?cs var:Page.AltDefault ?>"><?cs
/if ?>
<meta name="color-scheme" content="light dark">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/app.css?v=<?cs var:url_escape(Site.AssetVersion) ?>">
<script src="/static/app.js?v=<?cs var:url_escape(Site.AssetVersion) ?>" defer></script>
</head>
<body>
<a class="skip-link" href="#main"><?cs var:Lang.Site.skip ?></a>
<header class="site-header">
  <div class="wrap header-bar">
    <a class="brand" href="/" aria-label="<?cs var:Lang.Site.home_label ?>">
      <svg class="brand-mark" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false"><path fill="currentColor" d="M6 4h20a2 2 0 0 1 2 2v6.5a3.5 3.5 0 0 0 0 7V26a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2v-6.5a3.5 3.5 0 0 0 0-7V6a2 2 0 0 1 2-2z"/><path class="brand-k" fill="#fff" d="M11 9h2.6v5.6L18.4 9h3.1l-5 6 5.3 8h-3.1l-3.9-6.1-1.2 1.4V23H11z"/></svg>
      <span class="brand-name"><?cs var:Site.Name ?></span>
    </a>
    <nav class="site-nav" aria-label="<?cs var:Lang.Site.nav_label ?>">
      <ul><?cs
      each:m = Menu ?><?cs
        if:m.Show == "all"
          || (m.Show == "anon" && !User.Id)
          || (m.Show == "user" && User.Id)
          || (m.Show == "organiser" && (User.Role == "organiser" || User.Role == "admin"))
          || (m.Show == "admin" && User.Role == "admin") ?>
        <li><a href="<?cs var:m.Href ?>"<?cs if:Page.Name == m.Key || Page.Path == m.Href ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Nav[m.Key] ?></a></li><?cs
        /if ?><?cs
      /each ?>
      </ul>
    </nav>
    <div class="header-tools">
      <nav class="lang-switch" aria-label="<?cs var:Lang.Site.lang_label ?>">
        <ul><?cs
        # issue 13: a visitor's switch is the page's own URL in each language (the hreflang
          alternates, so it works without JavaScript and changes nothing stored); a signed-in
          user's is POST /lang, which stores the account's language for mails as well ?><?cs
        if:!User.Id ?><?cs
        each:a = Page.Alt ?>
          <li><a href="<?cs var:a.Href ?>" hreflang="<?cs var:a.Code ?>" lang="<?cs var:a.Code ?>"<?cs if:a.Code == Page.Lang ?> aria-current="true"<?cs /if ?>><span class="lang-code" aria-hidden="true"><?cs var:a.Code ?></span><span class="visually-hidden"><?cs var:Lang.LangName[a.Code] ?></span></a></li><?cs
        /each ?><?cs
        else ?><?cs
        each:l = Langs ?>
          <li><form method="post" action="/lang"><?cs call:csrf() ?><input type="hidden" name="back" value="<?cs var:Page.Path ?>"><button type="submit" name="set" value="<?cs var:l.Code ?>" lang="<?cs var:l.Code ?>"<?cs if:l.Code == Page.Lang ?> aria-current="true"<?cs /if ?>><span class="lang-code" aria-hidden="true"><?cs var:l.Code ?></span><span class="visually-hidden"><?cs var:Lang.LangName[l.Code] ?></span></button></form></li><?cs
        /each ?><?cs
        /if ?>
        </ul>
      </nav><?cs
      if:User.Id ?>
      <div class="user-box">
        <span class="user-name"><span class="visually-hidden"><?cs var:Lang.Site.signed_in_as ?> </span><?cs var:User.FirstName ?></span>
        <form method="post" action="/logout" class="logout-form">
          <?cs call:csrf() ?>
          <button type="submit" class="btn btn-quiet btn-small"><?cs var:Lang.Nav.logout ?></button>
        </form>
      </div><?cs
      /if ?>
    </div>
  </div>
</header><?cs
if:User.Id && !User.Verified ?>
<div class="notice" role="region" aria-label="<?cs var:Lang.Account.status ?>">
  <div class="wrap notice-inner">
    <p><?cs var:Lang.Notice.unverified ?></p>
    <form method="post" action="/account/resend-verification">
      <?cs call:csrf() ?>
      <button type="submit" class="btn btn-small"><?cs var:Lang.Notice.resend ?></button>
    </form>
  </div>
</div><?cs
/if ?>
<div class="wrap flash-area" role="status" aria-live="polite"><?cs
if:Flash.Text ?>
  <div class="flash flash-<?cs if:Flash.Kind ?><?cs var:Flash.Kind ?><?cs else ?>info<?cs /if ?>">
    <p><?cs var:Flash.Text ?></p>
  </div><?cs
/if ?>
</div>
<main id="main" class="wrap" tabindex="-1">
