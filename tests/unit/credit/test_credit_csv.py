"""Training files as people save them: Excel on Windows (Windows-1252), semicolons and decimal
commas, a byte-order mark; a file whose encoding or separator cannot be determined is refused
naming the problem and the row, and nothing is saved."""
import pytest

from credit_support import write_training_csv
from lafa_core import credit
from lafa_core.credit.csvfile import read_training_csv

HEADER = "zona,ingreso,calificación,bad\n"
ROWS = ["Álvaro Obregón,9046.5,4.68,0\n", "Cuauhtémoc,7875,4.96,1\n", "Iztapalapa,8100,4.80,0\n"]


def _write(tmp_path, data: bytes, name: str = "history.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8", "utf-8-sig", "utf-16"])
def test_the_usual_encodings_are_read(tmp_path, encoding):
    frame = read_training_csv(_write(tmp_path, (HEADER + "".join(ROWS)).encode(encoding)))
    assert list(frame.columns) == ["zona", "ingreso", "calificación", "bad"]
    assert frame["zona"].tolist() == ["Álvaro Obregón", "Cuauhtémoc", "Iztapalapa"]
    assert frame["ingreso"].tolist() == [9046.5, 7875.0, 8100.0]


def test_semicolons_with_decimal_commas_and_tabs_are_read(tmp_path):
    semicolons = "zona;ingreso;bad\r\nÁlvaro Obregón;9046,5;0\r\nCoyoacán;7875,25;1\r\n".encode("cp1252")
    frame = read_training_csv(_write(tmp_path, semicolons))
    assert frame["ingreso"].tolist() == [9046.5, 7875.25] and frame["zona"][0] == "Álvaro Obregón"
    tabs = read_training_csv(_write(tmp_path, b"a\tb\tbad\n1\t2\t0\n3\t4\t1\n", "tabs.csv"))
    assert list(tabs.columns) == ["a", "b", "bad"]
    quoted = read_training_csv(_write(tmp_path, b'name,x,bad\n"Lopez, Ana",1,0\n"Ruiz, Beto",2,1\n', "quoted.csv"))
    assert quoted["name"].tolist() == ["Lopez, Ana", "Ruiz, Beto"]


def test_a_windows_1252_export_of_the_training_table_trains(tmp_path):
    frame = write_training_csv(tmp_path / "utf8.csv", n=900, seed=4)
    frame["zone"] = frame["zone"].replace({"Coyoacán": "Álvaro Obregón"})
    path = tmp_path / "excel.csv"
    frame.to_csv(path, index=False, encoding="cp1252", sep=";", decimal=",")
    metadata = credit.train_from_csv(path, "bad", "submitted_at", models_dir=tmp_path / "models", random_state=0)
    assert metadata["rows"]["total"] == 900
    assert "Álvaro Obregón" in metadata["reference"]["features"]["zone"]["shares"]


@pytest.mark.parametrize("data, words", [
    (b"zona,ingreso,calif,bad\nCoyoacan,1,4.8,0\nTl\x81alpan,8100,4.80,0\n", ["neither UTF-8 nor Windows-1252", "row 2",
                                                                             "0x81"]),
    (HEADER.encode() + ROWS[0].encode() + ROWS[1].encode("cp1252"), ["mixes encodings", "row 2"]),
    (HEADER.encode() + b"Tlalpan\x00,1,4,0\n", ["NUL byte", "row 1"]),
    (HEADER.encode() + ROWS[0].encode() + b"Tlalpan,8100,4.80\n", ["separator cannot be determined", "comma",
                                                                  "4 columns", "row 2 has 3 fields"]),
    (b"zona ingreso bad\nTlalpan 8100 0\n", ["separator cannot be determined", "header row"]),
    (b"a,b,bad\n\"open,1,0\n", ["separator cannot be determined", "unclosed quote"]),
    (b"   \n", ["empty"]),
])
def test_an_undeterminable_file_is_refused_naming_the_problem_and_the_row(tmp_path, data, words):
    models = tmp_path / "models"
    with pytest.raises(credit.TrainingDataError) as refused:
        credit.train_from_csv(_write(tmp_path, data), "bad", models_dir=models)
    for word in words:
        assert word in str(refused.value)
    assert not models.exists()  # nothing saved


def test_the_refusal_reads_in_spanish_for_the_page(tmp_path):
    from lafa_core.errors import error_text

    with pytest.raises(credit.TrainingDataError) as refused:
        read_training_csv(_write(tmp_path, b"zona,ingreso,bad\nTl\x81alpan,8100,0\n"))
    text = error_text(refused.value, "es")
    assert "codificación" in text and "fila 1" in text and "0x81" in text
