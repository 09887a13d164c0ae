"""The web reading room: `newsarchive serve`, Datasette configured by the project.

`app` builds the Datasette instance (read-only archive, generated metadata, this
package's templates and stylesheet); `plugin` adds the reading-room pages (search,
article, listings, runs, failures) as Datasette routes; `pages` turns query results
into what the templates show (sanitised body, snippets, the attention chart).
"""
