</main>
<footer class="site-footer">
  <div class="wrap footer-inner">
    <p class="footer-line"><?cs var:Lang.Footer.line ?></p>
    <p class="footer-links"><a href="/tickets/find"><?cs var:Lang.Footer.find_tickets ?></a></p>
    <nav class="footer-langs" aria-label="<?cs var:Lang.Footer.lang_label ?>">
      <ul><?cs
      each:l = Langs ?>
        <li><a href="/lang?set=<?cs var:url_escape(l.Code) ?>&amp;next=<?cs var:url_escape(Page.Path) ?>" hreflang="<?cs var:l.Code ?>" lang="<?cs var:l.Code ?>"<?cs if:l.Code == Page.Lang ?> aria-current="true"<?cs /if ?>><?cs var:Lang.LangName[l.Code] ?></a></li><?cs
      /each ?>
      </ul>
    </nav>
  </div>
</footer>
</body>
</html>
