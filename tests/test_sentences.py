"""Sentence splitting: the archived Báo Bình Dương article, boundary by boundary, and the rules
of factpress.sentences one at a time."""

from __future__ import annotations

from pathlib import Path
import random

import pytest

from factpress.sentences import Sentence, split_sentences

ARTICLE = Path(__file__).parent.parent / "sources" / "bao-binh-duong-hop-tac-quoc-te-khcn.txt"


def texts(source: str) -> list[str]:
    return [s.text for s in split_sentences(source)]


@pytest.fixture(scope="module")
def article() -> str:
    return ARTICLE.read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def sentences(article: str) -> dict[str, Sentence]:
    return {s.id: s for s in split_sentences(article)}


# Every sentence of the article, in order. Paragraph n is the n-th non-empty line.
ARTICLE_SENTENCES = [
    ("p1s1", "Tăng cường hợp tác quốc tế phát triển khoa học - công nghệ, đổi mới sáng tạo"),
    ("p2s1", "Theo dõi Báo Bình Dương trên"),
    (
        "p3s1",
        "(BDO) Bình Dương đang tăng cường hợp tác quốc tế để phát triển khoa học - công nghệ, "
        "đổi mới sáng tạo và chuyển đổi số.",
    ),
    (
        "p3s2",
        "Bình Dương hướng đến trở thành điểm đến về khoa học - công nghệ, đổi mới sáng tạo của "
        "khu vực Đông Nam Á.",
    ),
    ("p4s1", "Mở rộng hợp tác quốc tế"),
    (
        "p5s1",
        "Đến nay, Bình Dương đã thiết lập quan hệ hợp tác song phương với 14 tỉnh, thành phố "
        "nước ngoài và là thành viên chính thức của Diễn đàn Cộng đồng thông minh thế giới "
        "(ICF), Diễn đàn Hợp tác kinh tế châu Á (Horasis), Hiệp hội Trung tâm Thương mại thế "
        "giới (WTCA)…",
    ),
    (
        "p5s2",
        "Đáng chú ý, từ năm 2019 Tổng Công ty Becamex IDC và Chương trình hỗ trợ khởi nghiệp "
        "của Đại học Quốc gia Singapore (NUS Enterprise) đã hợp tác triển khai hệ sinh thái "
        "khởi nghiệp Block 71 Saigon.",
    ),
    (
        "p5s3",
        "Năm 2023, Trung tâm Đổi mới sáng tạo (ĐMST) Việt Nam - Singapore được thành lập tại "
        "Trường Đại học Quốc tế Miền Đông (EIU).",
    ),
    (
        "p5s4",
        "Năm 2024, Tổng Công ty Becamex IDC và Đại học Quốc gia Singapore (NUS) tiếp tục ký "
        "biên bản ghi nhớ hợp tác thúc đẩy chuyển đổi số (CĐS) nghiên cứu và phát triển, ĐMST "
        "và khởi nghiệp.",
    ),
    (
        "p6s1",
        "Ông Nguyễn Văn Hùng, Chủ tịch Hội đồng Quản trị Tổng Công ty Becamex IDC, cho biết "
        "quan hệ đối tác chiến lược giữa Becamex IDC với NUS đánh dấu một cột mốc quan trọng "
        "trong việc tăng cường mối quan hệ giữa Bình Dương và Singapore, thúc đẩy hợp tác lâu "
        "dài trong lĩnh vực năng lực số, nghiên cứu khoa học, đổi mới công nghệ và phát triển "
        "nguồn nhân lực - những yếu tố thiết yếu để hiện thực hóa tầm nhìn phát triển của tỉnh "
        "trong tương lai.",
    ),
    (
        "p6s2",
        "Giáo sư Aaron Thean, Hiệu trưởng, Phó Chủ tịch các vấn đề học thuật NUS, chia sẻ: "
        '"NUS rất hân hạnh được hợp tác với Becamex IDC và Công ty Liên doanh TNHH Khu công '
        "nghiệp Việt Nam - Singapore (VSIP) trong việc thúc đẩy các kỹ năng số, nghiên cứu và "
        "ĐMST tại Việt Nam.",
    ),
    (
        "p6s3",
        "Bằng cách kết hợp nghiên cứu tiên tiến và ĐMST với giáo dục thường xuyên và phát "
        "triển nhân tài, chúng tôi đang trang bị cho sinh viên và các chuyên gia tại Việt Nam "
        "những năng lực quan trọng để thành công trong kỷ nguyên số.",
    ),
    (
        "p6s4",
        "Sự hợp tác với Becamex IDC và VSIP khẳng định cam kết của NUS trong việc thúc đẩy CĐS "
        "và tạo ra tác động lan tỏa khắp khu vực”.",
    ),
    (
        "p7s1",
        "Để thúc đẩy phát triển khoa học - công nghệ (KHCN), ĐMST và CĐS, nhiều dự án lớn đã "
        "và đang được Bình Dương thực hiện, như: Trung tâm Thương mại thế giới Thành phố mới "
        "Bình Dương, Khu công nghiệp KHCN, Đề án Vùng ĐMST, Trung tâm Sản xuất thông minh và "
        "phát triển công nghệ 4.0, Trung tâm ĐMST Việt Nam - Singapore…",
    ),
    (
        "p7s2",
        "Đặc biệt, triển khai Nghị quyết số 57-NQ/ TW ngày 22-12-2024 của Bộ Chính trị về đột "
        "phá phát triển KHCN, ĐMST và CĐS Quốc gia, trong thời gian tới Bình Dương đẩy mạnh "
        "hợp tác với các đối tác quốc tế, địa phương có quan hệ hữu nghị, các tập đoàn đa quốc "
        "gia, tổ chức quốc tế và viện nghiên cứu hàng đầu về KHCN và ĐMST...",
    ),
    ("p8s1", "Thu hút đầu tư lĩnh vực nghiên cứu, phát triển"),
    (
        "p9s1",
        "Phó Giáo sư - Tiến sĩ Trần Đình Thiên, nguyên Viện trưởng Viện Kinh tế Việt Nam: Bình "
        "Dương là một kỳ tích phát triển của Việt Nam.",
    ),
    (
        "p9s2",
        "Liên tục trong 5 năm (2019-2023), Bình Dương được vinh danh là một trong 21 địa "
        "phương có chiến lược phát triển thành phố thông minh tiêu biểu của thế giới "
        "(Smart21); 3 năm liên tiếp (2021-2023) được vinh danh là 1 trong 7 cộng đồng có Chiến "
        "lược phát triển thông minh tiêu biểu trên thế giới.",
    ),
    ("p9s3", "Đặc biệt, năm 2023 Bình Dương được vinh danh Top 1 - ICF. |"),
    (
        "p10s1",
        "Năm 2015, Bình Dương đã ký kết Biên bản ghi nhớ với TP.Eindhoven (Hà Lan) về sự hợp "
        'tác và triển khai mô hình phát triển kinh tế - xã hội hợp tác "3 nhà" (Nhà nước, '
        "doanh nghiệp (DN), nhà khoa học).",
    ),
    (
        "p10s2",
        "Biên bản ghi nhớ là bước đầu của sự hợp tác đôi bên và đánh dấu việc triển khai "
        'nghiên cứu mô hình hợp tác "3 nhà" thể hiện qua sự thành lập các trung tâm nghiên cứu '
        "mở, vườn ươm DN, liên kết với các viện, trường đại học và trung tâm nghiên cứu tại Hà "
        "Lan và trên thế giới, củng cố khả năng cạnh tranh của chuỗi cung ứng địa phương qua "
        "việc thu hút các công ty công nghệ cao.",
    ),
    (
        "p11s1",
        'Mô hình "3 nhà" tạo ra đầu vào rộng lớn để cùng kiến tạo nên tầm nhìn chung dài hạn '
        "và thiết lập các chiến lược, chương trình hành động phù hợp để thúc đẩy Bình Dương "
        "trở thành khu vực phát triển lên tầm quốc tế về kỹ thuật và kinh tế, đặc biệt trong "
        "các lĩnh vực cải tiến sáng tạo, dịch vụ và sản xuất công nghệ cao.",
    ),
    (
        "p11s2",
        'Đẩy mạnh hợp tác "3 nhà", Bình Dương không ngừng thúc đẩy kết nối các trường dạy nghề '
        "và trường đại học với các công ty trong khu vực để đáp ứng các tiêu chuẩn về kỹ năng "
        "thực tế, kinh nghiệm làm việc của thị trường.",
    ),
    (
        "p11s3",
        "Các FabLab (phòng thí nghiệm chế tạo), TechLab (một ứng dụng giáo dục sáng tạo) có "
        "thể được sử dụng để phục vụ mục đích giảng dạy, thúc đẩy khởi nghiệp, hỗ trợ các DN "
        "nhỏ trong quá trình phát triển (công nghệ), đồng thời cũng là điểm gặp gỡ giữa các "
        "tài năng của các trường và DN.",
    ),
    (
        "p11s4",
        "Hiện nay, Bình Dương có thể kết nối với chương trình Quốc gia gồm 45 trường dạy nghề "
        "đang hợp tác với các công ty trong nước.",
    ),
    (
        "p11s5",
        "Trong giai đoạn khởi đầu, các trường đại học, cao đẳng có mô hình nước ngoài, có cơ "
        "sở vật chất và hạ tầng tốt, có tiềm năng thu hút DN được ưu tiên tham gia chương "
        "trình này.",
    ),
    (
        "p11s6",
        "Một số DN lớn có uy tín và quan hệ với tỉnh như Festo, Philips… có khả năng tham gia "
        "khởi động dự án, góp phần hỗ trợ cho sự đổi mới trong kỹ năng sản xuất.",
    ),
    (
        "p12s1",
        "Trong giai đoạn mới, Bình Dương phát triển sản phẩm bắt đầu bằng phát triển tri thức "
        "và công nghệ.",
    ),
    (
        "p12s2",
        "Những dự án trong lĩnh vực công nghệ tại Bình Dương đều hướng đến mục đích tăng cường "
        "và thu hút các hoạt động nghiên cứu, phát triển, khuyến khích sự đổi mới hợp tác và "
        "chuyển giao tri thức, gắn kết được công nghệ mới với các ngành trọng điểm tại tỉnh và "
        "các thách thức xã hội.",
    ),
    (
        "p12s3",
        "Bên cạnh đó, Bình Dương xây dựng các trung tâm cho phép sử dụng chung các thiết bị để "
        "khuyến khích hợp tác trong hoạt động nghiên cứu phát triển.",
    ),
    (
        "p12s4",
        "Đây là hình thức cho phép sinh viên khởi nghiệp, DN vừa và nhỏ dùng chung cơ sở hạ "
        "tầng, cùng làm việc với các trường đại học, trường dạy nghề, sử dụng thiết bị công "
        "nghệ cao do các đối tác công nghiệp quan trọng tài trợ.",
    ),
    (
        "p12s5",
        "Bình Dương cũng cung cấp mạng lưới các FabLabs, TechLabs và MakerSpaces (không gian "
        "sáng chế) rộng lớn, đủ để đáp ứng yêu cầu thực tế của sinh viên ngành kỹ thuật và các "
        "DN khởi nghiệp, DN nhỏ trong quá trình phát triển công nghệ của mình...",
    ),
    ("p13s1", "PHƯƠNG LÊ"),
]


# The article as a whole


def test_the_article_splits_into_exactly_these_sentences(article: str) -> None:
    assert [(s.id, s.text) for s in split_sentences(article)] == ARTICLE_SENTENCES


def test_every_sentence_is_the_exact_source_span_without_surrounding_space(article: str) -> None:
    for s in split_sentences(article):
        assert article[s.start : s.end] == s.text, s.id
        assert s.text == s.text.strip(), s.id


def test_line_and_column_point_at_the_first_character(article: str) -> None:
    for s in split_sentences(article):
        line_start = article.rfind("\n", 0, s.start) + 1
        assert s.line == article.count("\n", 0, s.start) + 1, s.id
        assert s.column == s.start - line_start + 1, s.id


def test_paragraphs_are_non_empty_lines_so_blank_lines_do_not_count(
    sentences: dict[str, Sentence],
) -> None:
    assert (sentences["p2s1"].line, sentences["p3s1"].line) == (2, 4)
    assert (sentences["p6s1"].line, sentences["p13s1"].line) == (8, 16)
    assert sentences["p13s1"].text == "PHƯƠNG LÊ"


def test_a_sentence_in_mid_line_knows_its_column(
    article: str, sentences: dict[str, Sentence]
) -> None:
    thean = sentences["p6s2"]
    line_8 = article.split("\n")[7]
    assert thean.line == 8
    assert thean.column == line_8.index("Giáo sư Aaron Thean") + 1 == 441


# The tricky paragraphs, rule by rule


def test_an_ellipsis_before_a_capital_ends_the_sentence(sentences: dict[str, Sentence]) -> None:
    assert sentences["p5s1"].text.endswith("Hiệp hội Trung tâm Thương mại thế giới (WTCA)…")
    assert sentences["p5s2"].text.startswith("Đáng chú ý, từ năm 2019")
    assert sentences["p7s1"].text.endswith("Trung tâm ĐMST Việt Nam - Singapore…")
    assert sentences["p7s2"].text.startswith("Đặc biệt, triển khai Nghị quyết số 57-NQ/ TW")


def test_an_ellipsis_before_lower_case_does_not(sentences: dict[str, Sentence]) -> None:
    assert "như Festo, Philips… có khả năng tham gia" in sentences["p11s6"].text


def test_a_paragraph_may_end_in_three_dots(sentences: dict[str, Sentence]) -> None:
    assert sentences["p7s2"].text.endswith("hàng đầu về KHCN và ĐMST...")
    assert sentences["p12s5"].text.endswith("của mình...")


def test_sentences_inside_a_quotation_are_split_and_keep_their_quote_marks(
    sentences: dict[str, Sentence],
) -> None:
    # The colon does not end a sentence: the lead-in and the opening mark stay with the
    # first quoted sentence; the closing mark before the period stays with the last.
    assert sentences["p6s2"].text.startswith("Giáo sư Aaron Thean, Hiệu trưởng")
    assert 'chia sẻ: "NUS rất hân hạnh được hợp tác' in sentences["p6s2"].text
    assert sentences["p6s3"].text.startswith("Bằng cách kết hợp nghiên cứu tiên tiến")
    assert sentences["p6s4"].text.endswith("tạo ra tác động lan tỏa khắp khu vực”.")
    assert "p6s5" not in sentences


def test_slashes_dates_ranges_and_hyphenated_titles_do_not_split(
    sentences: dict[str, Sentence],
) -> None:
    assert "Nghị quyết số 57-NQ/ TW ngày 22-12-2024 của Bộ Chính trị" in sentences["p7s2"].text
    assert sentences["p9s1"].text.startswith("Phó Giáo sư - Tiến sĩ Trần Đình Thiên")
    assert "Liên tục trong 5 năm (2019-2023), Bình Dương" in sentences["p9s2"].text
    assert "3 năm liên tiếp (2021-2023) được vinh danh" in sentences["p9s2"].text


def test_the_pull_quote_bar_stays_with_the_last_sentence(sentences: dict[str, Sentence]) -> None:
    assert sentences["p9s3"].text == "Đặc biệt, năm 2023 Bình Dương được vinh danh Top 1 - ICF. |"
    assert "p9s4" not in sentences


def test_a_period_without_following_space_does_not_split(sentences: dict[str, Sentence]) -> None:
    assert "đã ký kết Biên bản ghi nhớ với TP.Eindhoven (Hà Lan)" in sentences["p10s1"].text
    assert sentences["p10s1"].text.endswith("(Nhà nước, doanh nghiệp (DN), nhà khoa học).")


def test_a_parenthesised_abbreviation_can_open_a_paragraph(
    sentences: dict[str, Sentence],
) -> None:
    assert sentences["p3s1"].text.startswith("(BDO) Bình Dương đang tăng cường")


# The rules on small texts


def test_an_empty_text_has_no_sentences() -> None:
    assert split_sentences("") == ()
    assert split_sentences(" \n\t\n") == ()


def test_ids_number_paragraphs_and_sentences_from_one() -> None:
    ids = [s.id for s in split_sentences("Một. Hai.\n\nBa! Bốn?\nNăm")]
    assert ids == ["p1s1", "p1s2", "p2s1", "p2s2", "p3s1"]


def test_a_line_without_final_punctuation_is_a_sentence() -> None:
    assert texts("Tiêu đề không có dấu chấm\nCâu đầu tiên. Câu thứ hai") == [
        "Tiêu đề không có dấu chấm",
        "Câu đầu tiên.",
        "Câu thứ hai",
    ]


def test_question_and_exclamation_marks_end_sentences() -> None:
    assert texts("Tại sao? Vì nó tốt! Thật sao?! Đúng vậy.") == [
        "Tại sao?",
        "Vì nó tốt!",
        "Thật sao?!",
        "Đúng vậy.",
    ]


@pytest.mark.parametrize("capital", ["Đ", "Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Ấ", "Ở", "Ữ", "Ệ", "Ỳ"])
def test_a_vietnamese_capital_starts_a_sentence(capital: str) -> None:
    assert texts(f"Xong rồi. {capital}y là câu sau.") == ["Xong rồi.", f"{capital}y là câu sau."]


@pytest.mark.parametrize(
    ("start", "second"),
    [
        ("digit", "5 người đã đến."),
        ("bracket", "(BDO) Tin mới."),
        ("straight quote", '"Tiếp tục," anh nói.'),
        ("curly quote", "“Tiếp tục,” anh nói."),
    ],
)
def test_digits_and_opening_marks_start_a_sentence(start: str, second: str) -> None:
    assert texts(f"Xong rồi. {second}") == ["Xong rồi.", second], start


def test_lower_case_after_a_terminator_continues_the_sentence() -> None:
    assert texts("Anh hỏi: “Đi đâu?” rồi bỏ đi. Hết.") == ["Anh hỏi: “Đi đâu?” rồi bỏ đi.", "Hết."]
    assert texts("Festo, Philips… có khả năng tham gia.") == [
        "Festo, Philips… có khả năng tham gia."
    ]


def test_three_dots_before_a_capital_end_a_sentence() -> None:
    assert texts("Chờ đã... Được rồi.") == ["Chờ đã...", "Được rồi."]


def test_a_closing_quote_after_the_period_belongs_to_the_sentence_it_closes() -> None:
    assert texts('Ông nói: "Tốt lắm." Sau đó ông về.') == ['Ông nói: "Tốt lắm."', "Sau đó ông về."]
    assert texts("Ông nói: “Tốt lắm”. Sau đó ông về.") == ["Ông nói: “Tốt lắm”.", "Sau đó ông về."]
    assert texts("(Xem bảng.) Kết quả tốt.") == ["(Xem bảng.)", "Kết quả tốt."]


def test_nested_quotations_split_like_any_other_text() -> None:
    assert texts("Anh kể: \"Chị ấy bảo 'Không.' Rồi đi.\" Hết chuyện.") == [
        "Anh kể: \"Chị ấy bảo 'Không.'",
        'Rồi đi."',
        "Hết chuyện.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "TP. Hồ Chí Minh là thành phố lớn nhất.",
        "Tp. Thủ Dầu Một là tỉnh lỵ.",
        "Th.S. Nguyễn Văn A trình bày.",
        "ThS. Lê B và TS. Trần C cùng ký.",
        "PGS. Phạm D và GS. Võ E đến dự.",
        "PGS.TS. Hoàng F phát biểu.",
        "Mr. Smith and Mrs. Jones met Dr. Brown.",
        "Prof. Lee lives on St. James Street.",
        "See Fig. 3 and No. 5, e.g. Table 2.",
        "The U.S. Army arrived.",
        "J. R. R. Tolkien wrote it.",
        "Giá tăng 3.5 lần, lên 1.000.000 đồng.",
        "Ông làm việc tại TP.Eindhoven từ năm 2015.",
    ],
)
def test_abbreviations_initials_and_numbers_do_not_end_a_sentence(text: str) -> None:
    assert texts(text) == [text]


def test_v_v_and_etc_end_a_sentence_when_a_capital_follows() -> None:
    assert texts("Máy tính, điện thoại, v.v. Tất cả đều được kiểm tra.") == [
        "Máy tính, điện thoại, v.v.",
        "Tất cả đều được kiểm tra.",
    ]
    assert texts("Apples, pears, etc. They were all fresh.") == [
        "Apples, pears, etc.",
        "They were all fresh.",
    ]
    assert texts("Máy tính, v.v. được kiểm tra.") == ["Máy tính, v.v. được kiểm tra."]


def test_an_ordinary_word_before_the_period_ends_the_sentence() -> None:
    assert texts("Becamex ký với NUS. TS giảm.") == ["Becamex ký với NUS.", "TS giảm."]
    assert texts("Tăng trưởng năm 2019. Năm 2020 giảm.") == [
        "Tăng trưởng năm 2019.",
        "Năm 2020 giảm.",
    ]


def test_a_list_number_opening_a_line_is_not_a_sentence_of_its_own() -> None:
    assert texts("1. Giới thiệu chung") == ["1. Giới thiệu chung"]
    assert texts("IV. Kết luận. Hết.") == ["IV. Kết luận.", "Hết."]


def test_indentation_trailing_space_and_crlf_are_not_part_of_sentences() -> None:
    source = "Một. Hai.\r\n\r\n  Ba thụt lề.  \r\nBốn\rNăm"
    found = split_sentences(source)
    assert [(s.id, s.text, s.line, s.column) for s in found] == [
        ("p1s1", "Một.", 1, 1),
        ("p1s2", "Hai.", 1, 6),
        ("p2s1", "Ba thụt lề.", 3, 3),
        ("p3s1", "Bốn", 4, 1),
        ("p4s1", "Năm", 5, 1),
    ]
    assert all(source[s.start : s.end] == s.text for s in found)


# A property: sentences tile their paragraphs

_WORDS = [
    "Bình",
    "dương",
    "TP.",
    "Dr.",
    "U.S.",
    "3.5",
    "(ICF)",
    '"Có',
    "”.",
    "…",
    "...",
    "?",
    "!",
    "v.v.",
    "Đây",
    "|",
    "1.",
    "ê",
    '"',
    "“",
    "Ổn.",
    "x",
]
_SEPARATORS = [" ", "  ", "\t", "\n", "\r\n", "\n\n", " \n "]


def random_texts(count: int) -> list[str]:
    """Seeded, so a failure names a text that fails again on the next run."""
    rng = random.Random(20261127)
    return [
        "".join(rng.choice(_WORDS) + rng.choice(_SEPARATORS) for _ in range(rng.randrange(40)))
        for _ in range(count)
    ]


def test_every_visible_character_is_in_exactly_one_sentence() -> None:
    for source in random_texts(300):
        _assert_sentences_tile(source)


def _assert_sentences_tile(source: str) -> None:
    found = split_sentences(source)
    owners = [0] * len(source)
    for s in found:
        assert source[s.start : s.end] == s.text
        assert s.text and s.text == s.text.strip()
        for index in range(s.start, s.end):
            owners[index] += 1
    for index, char in enumerate(source):
        assert owners[index] <= 1, (index, source)
        assert char.isspace() or owners[index] == 1, (index, source)
    previous = (0, 0)
    for s in found:
        paragraph, number = (int(part) for part in s.id[1:].split("s"))
        assert (paragraph, number) in {(previous[0], previous[1] + 1), (previous[0] + 1, 1)}
        previous = (paragraph, number)


def test_a_byte_order_mark_at_the_start_of_the_file_begins_no_sentence() -> None:
    # Some editors save one; no reader sees it, and it must not open p1s1 on the source page.
    first, second = split_sentences("\ufeffThành phố mở thư viện. Nó có 12.000 đầu sách.")
    assert (first.text, first.start, first.column) == ("Thành phố mở thư viện.", 1, 2)
    assert second.text == "Nó có 12.000 đầu sách."


def test_a_line_holding_only_a_byte_order_mark_is_blank() -> None:
    assert [s.id for s in split_sentences("\ufeff\nMột câu.\n\nHai câu.")] == ["p1s1", "p2s1"]


def test_a_sentence_is_its_place_and_words_not_the_source_around_it() -> None:
    one = split_sentences("Hello there. Second one.")
    other = split_sentences("Hello there. Second one!")
    # The first sentences are the same words at the same place, in two sources.
    assert one[0] == other[0] and hash(one[0]) == hash(other[0])
    assert not one[0] != other[0]  # noqa: SIM202 - the operator a tuple would answer otherwise
    assert one[1] != other[1] and one[1].text == "Second one."
    assert sorted([one[1], other[1]]) == [other[1], one[1]]  # "!" sorts before "."
    assert one[0] != tuple(one[0]), "nor is it the tuple it is made of"
    shown = "Sentence(id='p1s1', text='Hello there.', start=0, end=12, line=1, column=1)"
    assert repr(one[0]) == shown
