"""WordPress ``remove_accents()`` (UTF-8 branch, non-German locale) as a lookup table.

Data only: the characters WordPress 6.x folds to ASCII before ``sanitize_title`` builds a slug.
"""

from __future__ import annotations

# Pairs of equal length: each character of the first string maps to the same position of the
# second.  Multi-letter results are listed separately below.
_SINGLE_FROM = (
    "ªºÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖÙÚÛÜÝßàáâãäåçèéêëìíîïðñòóôõöøùúûüýÿØ"
    "ĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİı"
    "ĴĵĶķĸĹĺĻļĽľĿŀŁłŃńŅņŇňŉŊŋŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧ"
    "ŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſƏǝȘșȚț€ƠơƯư"
    "ẦầẰằỀềỒồỜờỪừỲỳẢảẨẩẲẳẺẻỂểỈỉỎỏỔổỞởỦủỬửỶỷ"
    "ẪẫẴẵẼẽỄễỖỗỠỡỮữỸỹẤấẮắẾếỐốỚớỨứ"
    "ẠạẬậẶặẸẹỆệỊịỌọỘộỢợỤụỰựỴỵɑǕǖǗǘǍǎǏǐǑǒǓǔǙǚǛǜ"
)
_SINGLE_TO = (
    "aoAAAAAACEEEEIIIIDNOOOOOUUUUYsaaaaaaceeeeiiiidnoooooouuuuyyO"
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi"
    "JjKkkLlLlLlLlLlNnNnNnnNnOoOoOoRrRrRrSsSsSsSsTtTtTt"
    "UuUuUuUuUuUuWwYyYZzZzZzsEeSsTtEOoUu"
    "AaAaEeOoOoUuYyAaAaAaEeEeIiOoOoOoUuUuYy"
    "AaAaEeEeOoOoUuYyAaAaEeOoOoUu"
    "AaAaAaEeEeIiOoOoOoUuUuYyaUuUuAaIiOoUuUuUu"
)
_MULTI = {"Æ": "AE", "Þ": "TH", "æ": "ae", "þ": "th", "Ĳ": "IJ", "ĳ": "ij",
          "Œ": "OE", "œ": "oe", "£": ""}

assert len(_SINGLE_FROM) == len(_SINGLE_TO), "accent table out of step"

ACCENTS: dict[int, str] = {ord(a): b for a, b in zip(_SINGLE_FROM, _SINGLE_TO)}
ACCENTS.update({ord(a): b for a, b in _MULTI.items()})
