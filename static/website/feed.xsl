<?xml version="1.0" encoding="utf-8"?>
<!-- A feed opened in a browser (website/feeds.py): a plain page in Chinese that says what the
     address is for and lists the articles with their links. Feed readers ignore it. No inline
     style: the Content-Security-Policy of the feed allows none. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
  <xsl:template match="/rss/channel">
    <html lang="zh-Hans">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="title"/>（RSS 订阅）</title>
      </head>
      <body>
        <header>
          <h1><xsl:value-of select="title"/></h1>
          <p>这是本站的 RSS 订阅地址。把本页的网址复制到 RSS 阅读器中，即可收到新发布的文章。</p>
          <p><a href="{link}">返回网站</a></p>
        </header>
        <main>
          <h2>最新文章</h2>
          <ul>
            <xsl:for-each select="item">
              <li>
                <a href="{link}"><xsl:value-of select="title"/></a>
                <xsl:text>（</xsl:text><xsl:value-of select="pubDate"/><xsl:text>）</xsl:text>
                <p><xsl:value-of select="description"/></p>
              </li>
            </xsl:for-each>
          </ul>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
