"""Who the seed story of `thidua demo` is about: the bloc, its members, their
signatories, their points and the people commended (cli/story.py tells it).

The article names only three offices (VPUBND, SNV, VPDDBQH). The other five members,
the scores, the people and the collectives are invented for the demo.
"""

from __future__ import annotations

BLOC = "TMTH"
UNITS = {
    "VPUBND": ("Văn phòng UBND tỉnh", "Lê Minh Tuấn", "Chánh Văn phòng"),
    "SNV": ("Sở Nội vụ", "Phạm Thị Lan", "Giám đốc"),
    "VPDDBQH": (
        "Văn phòng Đoàn ĐBQH và HĐND tỉnh",
        "Vũ Đức Thắng",
        "Chánh Văn phòng",
    ),
    # Invented members of the bloc, for the demo.
    "SKHDT": ("Sở Kế hoạch và Đầu tư", "Nguyễn Quang Huy", "Giám đốc"),
    "STC": ("Sở Tài chính", "Đặng Thị Hương", "Giám đốc"),
    "STP": ("Sở Tư pháp", "Hoàng Văn Khải", "Giám đốc"),
    "TTT": ("Thanh tra tỉnh", "Lý Seo Chảo", "Chánh Thanh tra"),
    "SNGV": ("Sở Ngoại vụ", "Trịnh Thị Ngọc Ánh", "Giám đốc"),
}
SCORES = {  # own points A1 A2 B1 B2 C1 C2 D1 (invented)
    "VPUBND": (29, 19.5, 9.5, 9, 10, 9.5, 10),
    "SNV": (28, 19, 10, 9.5, 9.5, 9, 9.5),
    "VPDDBQH": (28, 18.5, 9, 9, 9.5, 9.5, 9.5),
    "SKHDT": (27.5, 18, 9, 8.5, 9, 9, 9),
    "STC": (27, 18, 8.5, 8.5, 9, 9, 9),
    "STP": (26.5, 17.5, 9, 8, 9, 8.5, 9),
    "TTT": (26, 17.5, 8.5, 8.5, 8.5, 9, 8.5),
    "SNGV": (26, 17, 8, 8, 9, 8.5, 8),
}
CRITERIA = ("A1", "A2", "B1", "B2", "C1", "C2", "D1")
COMMENDED = [  # (unit, collective or None, individual or None)
    ("VPUBND", "Phòng Tổng hợp, Văn phòng UBND tỉnh", None),
    ("SNV", "Ban Thi đua – Khen thưởng, Sở Nội vụ", None),
    ("VPDDBQH", "Phòng Công tác Quốc hội, Văn phòng Đoàn ĐBQH và HĐND tỉnh", None),
    ("STC", "Phòng Quản lý ngân sách, Sở Tài chính", None),
    ("STP", "Phòng Xây dựng và kiểm tra văn bản, Sở Tư pháp", None),
    ("SNGV", None, "Nguyễn Thị Thu Hà"),
    ("TTT", None, "Giàng A Sử"),
]
