"""What the local web serves: a small wiki and a movie site, made from a seed.

Everything is a pure function of ``seed``, so a grader knows every body, size,
name, date and link the server will send, and can vary them (a submission
that hard-codes the answers of the visible tests fails with another seed).

The wiki has one page per url of the seed notes' download examples
(``/wiki/Portal:Arts`` ... ``/wiki/Go_(programming_language)``), each a few
kilobytes of HTML of a known size.

The movie site is shaped like the douban page of the seed's 实战 example:
a listing at ``/cinema/later/beijing/`` with one ``<div class="item">`` per
movie inside ``<div id="showing-soon">`` (two links, the second holds the name
and the detail url; the first ``<li>`` holds the release date), and a detail
page per movie whose poster is the ``<img>`` inside ``<div id="mainpic">`` --
after a site logo, so ``soup.find('img')`` alone picks the wrong picture.
"""
from __future__ import annotations

import hashlib
import html
import random
from dataclasses import dataclass
from functools import cached_property

# The seed notes' 15 Wikipedia pages, in the seed's order.
WIKI_TITLES = [
    "Portal:Arts", "Portal:History", "Portal:Society", "Portal:Biography",
    "Portal:Mathematics", "Portal:Technology", "Portal:Geography", "Portal:Science",
    "Computer_science", "Python_(programming_language)", "Java_(programming_language)",
    "PHP", "Node.js", "The_C_Programming_Language", "Go_(programming_language)",
]
LISTING_PATH = "/cinema/later/beijing/"

_WORDS = ("thread process lock queue event loop task future coroutine pool worker "
          "signal pipe socket buffer scheduler kernel channel barrier semaphore").split()
_TITLE_HEADS = ["星际", "长夜", "无声", "归途", "少年", "远方", "风暴", "白昼", "迷雾",
                "深海", "烈火", "孤岛", "山海", "雪国", "旷野", "晚风"]
_TITLE_TAILS = ["之旅", "往事", "追踪", "回响", "密码", "边境", "故事", "来信", "行动",
                "时代", "之城", "骑士"]
_GENRES = ["剧情", "喜剧", "动作", "爱情", "科幻", "动画", "悬疑", "纪录片"]
_REGIONS = ["中国大陆", "中国香港", "美国", "日本", "法国", "韩国"]


@dataclass(frozen=True)
class Movie:
    """One movie of the listing, as a crawler should report it."""
    id: int
    name: str
    date: str          # as the listing shows it, e.g. "12月06日"
    genre: str
    region: str

    @property
    def detail_path(self) -> str:
        return f"/subject/{self.id}/"

    @property
    def poster_path(self) -> str:
        return f"/img/poster/{self.id}.jpg"

    @property
    def thumb_path(self) -> str:
        return f"/img/thumb/{self.id}.jpg"


class Site:
    """The content for one seed; ``base`` is the server's ``http://127.0.0.1:PORT``.

    Args:
        seed: any int; the same seed gives the same site.
        movies: how many movies the listing has.
        base: absolute links (listing -> detail pages, posters) start with it.
    """

    def __init__(self, seed: int = 0, movies: int = 12, base: str = ""):
        self.seed = seed
        self.movie_count = movies
        self.base = base.rstrip("/")

    def _rng(self, *parts) -> random.Random:
        return random.Random(f"{self.seed}:" + ":".join(map(str, parts)))

    # ------------------------------------------------------------------ wiki

    def wiki_path(self, title: str) -> str:
        return f"/wiki/{title}"

    def wiki_paths(self) -> list[str]:
        return [self.wiki_path(t) for t in WIKI_TITLES]

    def wiki_body(self, title: str) -> bytes:
        """The page's bytes: 2-12 kB of HTML, its size set by the seed and the title."""
        rng = self._rng("wiki", title)
        size = rng.randrange(2_000, 12_000)
        head = (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                f"<title>{html.escape(title)} - conclab wiki</title></head>\n<body>\n"
                f"<h1>{html.escape(title.replace('_', ' '))}</h1>\n<p>").encode()
        tail = b"</p>\n</body></html>\n"
        words = []
        length = len(head) + len(tail)
        while length < size:
            word = rng.choice(_WORDS)
            words.append(word)
            length += len(word) + 1
        text = " ".join(words).encode()[: size - len(head) - len(tail)]
        return head + text.ljust(size - len(head) - len(tail), b".") + tail

    def wiki_size(self, title: str) -> int:
        return len(self.wiki_body(title))

    def wiki_sizes(self) -> dict[str, int]:
        """``{path: number of bytes}`` for every wiki page."""
        return {self.wiki_path(t): self.wiki_size(t) for t in WIKI_TITLES}

    # ---------------------------------------------------------------- movies

    @cached_property
    def movies(self) -> list[Movie]:
        """The listing's movies, in listing order (by release date)."""
        rng = self._rng("movies")
        names: list[str] = []
        while len(names) < self.movie_count:
            name = rng.choice(_TITLE_HEADS) + rng.choice(_TITLE_TAILS)
            if rng.random() < 0.3:
                name += f" {rng.randrange(2, 4)}"
            if name not in names:
                names.append(name)
        if names:
            # A name with an HTML entity and a space: parsers that cut strings
            # out of the markup by hand get it wrong, BeautifulSoup does not.
            names[len(names) // 2] = f"{names[len(names) // 2]} & 续集"
        day = rng.randrange(1, 20)
        movies = []
        for index, name in enumerate(names):
            day += rng.randrange(0, 3)
            month = 12 if day <= 31 else 1
            movies.append(Movie(id=35_000_000 + index * 1000 + rng.randrange(1000), name=name,
                                date=f"{month:02d}月{(day - 1) % 31 + 1:02d}日",
                                genre=" / ".join(rng.sample(_GENRES, 2)),
                                region=rng.choice(_REGIONS)))
        return movies

    def movie(self, movie_id: int) -> Movie | None:
        return next((m for m in self.movies if m.id == movie_id), None)

    def listing_html(self) -> str:
        items = []
        for i, m in enumerate(self.movies):
            detail = self.base + m.detail_path
            items.append(
                f'  <div class="item mod {"odd" if i % 2 == 0 else "even"}">\n'
                f'    <a class="thumb" href="{detail}"><img src="{self.base}{m.thumb_path}" '
                f'alt=""></a>\n'
                f'    <div class="intro">\n'
                f'      <h3><a href="{detail}" class="">{html.escape(m.name)}</a></h3>\n'
                f'      <ul>\n'
                f'        <li class="dt">{m.date}</li>\n'
                f'        <li class="dt">{m.genre}</li>\n'
                f'        <li class="dt">{m.region}</li>\n'
                f'        <li class="dt last"><span>{100 + m.id % 900}人想看</span></li>\n'
                f'      </ul>\n'
                f'    </div>\n'
                f'  </div>\n')
        return ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">\n'
                '<title>北京 - 即将上映的电影</title></head>\n<body>\n'
                f'<div id="db-global-nav"><a href="{self.base}/"><img src="{self.base}/img/logo.png" '
                'alt="conclab 电影"></a></div>\n'
                '<div id="content"><h1>即将上映的电影</h1>\n'
                '<div id="showing-soon" class="tab-bd">\n'
                + "".join(items) +
                '</div>\n</div>\n</body></html>\n')

    def detail_html(self, movie: Movie) -> str:
        name = html.escape(movie.name)
        return ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">\n'
                f'<title>{name} (conclab 电影)</title></head>\n<body>\n'
                f'<div id="db-global-nav"><a href="{self.base}/"><img src="{self.base}/img/logo.png" '
                'alt="conclab 电影"></a></div>\n'
                f'<h1><span property="v:itemreviewed">{name}</span></h1>\n'
                '<div id="mainpic">\n'
                f'  <a class="nbgnbg" href="{self.base}{movie.detail_path}photos/">'
                f'<img src="{self.poster_url(movie)}" title="点击看更多海报" alt="{name}" '
                'rel="v:image"></a>\n'
                '</div>\n'
                f'<div id="info"><span class="pl">上映日期:</span> {movie.date} '
                f'<span class="pl">类型:</span> {movie.genre}</div>\n'
                '</body></html>\n')

    def poster_url(self, movie: Movie) -> str:
        return self.base + movie.poster_path

    def image_bytes(self, path: str) -> bytes:
        """A few hundred bytes that start like a JPEG, the same for the same path."""
        digest = hashlib.sha256(f"{self.seed}:{path}".encode()).digest()
        return b"\xff\xd8\xff\xe0" + digest * 8 + b"\xff\xd9"

    def expected_crawl(self) -> list[tuple[str, str, str]]:
        """``(name, date, poster url)`` for every movie, in listing order."""
        return [(m.name, m.date, self.poster_url(m)) for m in self.movies]
