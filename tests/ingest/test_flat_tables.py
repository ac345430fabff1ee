"""A task table flattened into space-separated cells (as a saved web page or a copy-paste leaves it) is read
as tasks with their lead and partner units; the text around it is untouched."""

from kg.ingest.readers.flat import rewrite

TABLE = """二、重点任务
序号 工作任务 具体内容 牵头单位 配合单位 完成时限
1 河道清淤 完成新河、老河清淤 共12公里 县水利局 县财政局、各乡镇 2024年6月底
2 排污口整治 完成排查并建立台账 县生态环境分局 县住建局 2024年9月底
三、保障措施"""


def test_rows_become_tasks_with_label_lines():
    out = rewrite(TABLE).split("\n")
    assert out[0] == "二、重点任务" and out[-1] == "三、保障措施"
    assert out[1] == "1. 河道清淤。完成新河、老河清淤 共12公里"  # a space inside the content cell is kept
    assert out[2] == "牵头单位：县水利局；配合单位：县财政局、各乡镇；完成时限：2024年6月底"
    assert out[3].startswith("2. 排污口整治。")
    assert out[4] == "牵头单位：县生态环境分局；配合单位：县住建局；完成时限：2024年9月底"


def test_a_page_cut_inside_its_last_row_keeps_the_task_not_a_half_unit():
    cut = TABLE.rsplit("\n", 2)[0] + "\n3 黑臭水体治理 完成城区2条 县住"
    out = rewrite(cut).split("\n")
    assert out[-1] == "3. 黑臭水体治理。完成城区2条"


def test_text_without_such_a_table_is_left_alone():
    assert rewrite("1.加强治理。（县水利局牵头）\n序号 名称\n1 某某") is None
