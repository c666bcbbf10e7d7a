"""Messages for the user in Chinese (default) or English, for the CLI and the UI alike.

Errors and problems are raised and reported as keys with parameters; this module turns them into
sentences in the user's language. (Widget texts go through Qt's translator instead; these are the
messages the Qt-free core produces.)
"""

from __future__ import annotations

import os

_MESSAGES: dict[str, tuple[str, str]] = {
    # files
    "not_found": ("找不到文件：{path}", "File not found: {path}"),
    "not_gpkg": ("{path} 不是 GeoPackage 文件（.gpkg），无法打开。", "{path} is not a GeoPackage (.gpkg) file and cannot be opened."),
    "damaged": ("文件 {path} 已损坏，无法读取（{detail}）。文件未被修改。", "The file {path} is damaged and cannot be read ({detail}). The file was not changed."),
    "vector_source": ("{path} 是可导入的矢量数据（如 OpenStreetMap、Shapefile、KML、CAD 图纸），不是作战图文件。", "{path} is vector data to import (OpenStreetMap, Shapefile, KML, a CAD drawing…), not a battle-map file."),
    "not_cmdmap": ("{path} 是 GeoPackage 文件，但不是 cmdmap 作战图文件（缺少 cmdmap 图层）。可以用“导入”把其中的图层导入作战图。", "{path} is a GeoPackage but not a cmdmap battle-map file (cmdmap's layers are missing). Use Import to bring its layers into a battle map."),
    "newer_version": ("文件由较新版本的 cmdmap 保存（格式 {version}，本程序支持到 {supported}），请升级后再打开：{path}", "Saved by a newer cmdmap (format {version}, this one reads up to {supported}): {path}"),
    "read_only": ("文件或其所在文件夹是只读的，无法保存：{path}", "The file or its folder is read-only; cannot save: {path}"),
    "no_access": ("没有权限读取文件：{path}", "No permission to read the file: {path}"),
    "locked": ("文件正被其他程序（如 QGIS）占用，请关闭后重试：{path}", "The file is in use by another program (e.g. QGIS); close it and try again: {path}"),
    "duplicate_code": ("“{layer}”中有重复的编号，无法保存：{path}", "Duplicate codes in “{layer}”; cannot save: {path}"),
    "save_failed": ("保存失败，文件未被改动：{path}（{detail}）", "Saving failed; the file was left as it was: {path} ({detail})"),
    "exists": ("文件 {path} 已存在。", "The file {path} already exists."),
    "bad_date": ("日期格式不对：{value}，应为 YYYY-MM-DD。", "Bad date: {value}; expected YYYY-MM-DD."),
    "bad_level": ("不支持的统计层级：{value}。", "Unknown level: {value}."),
    "bad_seed": ("随机种子必须是整数：{value}。", "The seed must be a whole number: {value}."),
    "needs_recovery": ("文件 {path} 上次保存被中断，需要写入权限才能恢复到保存前的状态；请把文件复制到可写的文件夹后再打开。文件未被修改。", "The last save of {path} was interrupted; restoring it to its state before that save needs write access. Copy the file to a writable folder and open it there. The file was not changed."),
    "no_backup": ("没有可恢复的备份：{path}", "No backup to restore: {path}"),
    "held_by": ("{user}（计算机 {host}，进程 {pid}）自 {since} 起正在编辑这个文件，本窗口以只读方式打开：{path}", "{user} (computer {host}, process {pid}) has been editing this file since {since}; this window opens it read-only: {path}"),
    "held_by_program": ("另一个程序（如 QGIS）正在写入这个文件，本窗口以只读方式打开；请在那个程序中保存或关闭图层后再编辑：{path}", "Another program (e.g. QGIS) is writing to this file, so this window opens it read-only; save or close the layers there before editing here: {path}"),
    "opened_read_only": ("文件或其所在文件夹是只读的，已以只读方式打开（可以查看和打印，不能保存）：{path}", "The file or its folder is read-only; opened read-only (view and print, no saving): {path}"),
    "network_share": ("文件在网络共享（{fs}）上。网络共享上的文件锁不可靠，两人同时编辑可能损坏文件；建议复制到本机编辑：{path}", "The file is on a network share ({fs}). File locking is unreliable there and two people editing at once can damage the file; copy it to this computer to edit: {path}"),
    "far_features": ("“{layer}”中有 {n} 个要素离社区其余部分超过 {km} 公里，坐标可能有误：{codes}", "{n} feature(s) of {layer} lie more than {km} km from the rest of the community; their coordinates are probably wrong: {codes}"),
    "value_out_of_range": ("“{layer}”的“{field}”有 {n} 个不合理的值（应在 {min}–{max} 之间）：{examples}", "{n} implausible value(s) of {field} in {layer} (expected {min}–{max}): {examples}"),
    "null_geometry": ("“{layer}”中有 {n} 个要素没有图形，地图上不会显示：{codes}", "{n} feature(s) of {layer} have no geometry and do not show on the map: {codes}"),
    "invalid_geometry": ("“{layer}”中有 {n} 个要素的图形无效（如边界自相交），面积和统计可能不准：{codes}", "{n} feature(s) of {layer} have an invalid geometry (e.g. a self-crossing boundary); areas and counts may be wrong: {codes}"),
    # field validation
    "required": ("“{field}”必须填写。", "{field} is required."),
    "below_min": ("“{field}”不能小于 {min}。", "{field} must be at least {min}."),
    "above_max": ("“{field}”不能大于 {max}。", "{field} must be at most {max}."),
    "too_long": ("“{field}”太长（最多 {max_length} 个字）。", "{field} is too long (at most {max_length} characters)."),
    "not_a_choice": ("“{field}”只能是：{choices}。", "{field} must be one of: {choices}."),
    "not_a_number": ("“{field}”必须是数字。", "{field} must be a number."),
    "not_an_integer": ("“{field}”必须是整数。", "{field} must be a whole number."),
    "not_a_date": ("“{field}”必须是日期（YYYY-MM-DD）。", "{field} must be a date (YYYY-MM-DD)."),
    "not_a_bool": ("“{field}”只能是“是”或“否”。", "{field} must be yes or no."),
    "no_such_target": ("没有编号或名称为 {code} 的{kind}。", "There is no {kind} with the code or name {code}."),
    "code_taken": ("编号 {code} 已被使用。", "The code {code} is already used."),
    # problems found by `check`
    "geometry_missing": ("{layer} {codes}：没有图形。", "{layer} {codes}: no geometry."),
    "geometry_invalid": ("{layer} {codes}：图形无效（{reason}）。", "{layer} {codes}: invalid geometry ({reason})."),
    "grid_overlap": ("{level}重叠：{codes}（{area} 平方米）。", "{level} overlap: {codes} ({area} m²)."),
    "grid_gap": ("{level}之间有空白 {codes}（{area} 平方米）。", "Gap between {level}s {codes} ({area} m²)."),
    "micro_without_parent": ("微网格 {codes} 的上级网格 {parent} 不存在。", "Micro-grid {codes}: its parent grid {parent} does not exist."),
    "micro_outside_parent": ("微网格 {codes} 超出了上级网格（{area} 平方米）。", "Micro-grid {codes} lies outside its parent grid ({area} m²)."),
    "building_outside_grids": ("楼栋 {codes} 不在任何网格内。", "Building {codes} lies in no grid."),
    "building_without_head": ("楼栋 {codes} 没有楼栋长。", "Building {codes} has no building head."),
    "grid_without_worker": ("网格 {codes} 没有网格员。", "Grid {codes} has no grid worker."),
    "check_clean": ("检查通过：没有发现问题。", "Check passed: no problems found."),
    "check_summary": ("发现 {errors} 个错误、{warnings} 个提醒。", "Found {errors} errors and {warnings} warnings."),
    "demo_written": ("已生成示例社区：{path}（{grids} 个网格，{buildings} 栋楼，{households} 户），用时 {seconds} 秒。",
                     "Demo community written to {path} ({grids} grids, {buildings} buildings, {households} households) in {seconds} s."),
    # imports
    "unreadable_source": ("无法读取 {path}：{detail}", "Cannot read {path}: {detail}"),
    "unknown_source_format": ("无法读取 {path}：不是能导入的矢量数据（支持 GeoPackage、Shapefile、GeoJSON、KML、DXF、OpenStreetMap），或文件已损坏。文件未被修改。",
                              "Cannot read {path}: it is not vector data cmdmap can import (GeoPackage, Shapefile, GeoJSON, KML, DXF, OpenStreetMap), or it is damaged. The file was not changed."),
    "no_vector_layers": ("{path} 中没有可导入的矢量图层（只有栅格、瓦片或属性表，GeoPackage 内容类型：{kinds}）。文件未被修改。",
                         "{path} has no vector layers to import (only rasters, tiles or attribute tables; GeoPackage content types: {kinds}). The file was not changed."),
    "unsupported_geometry_layer": ("{path} 的图层 {layer} 的图形类型无法读取（{detail}），该图层不导入。",
                                   "The geometry type of layer {layer} of {path} cannot be read ({detail}); that layer is not imported."),
    "no_crs": ("{path} 没有坐标系信息，请用 --source-crs 指定（如 EPSG:4326、gcj02、bd09）。", "{path} has no coordinate system; give one with --source-crs (e.g. EPSG:4326, gcj02, bd09)."),
    "no_such_layer": ("{path} 中没有图层 {layer}（有：{layers}）。", "{path} has no layer {layer} (it has: {layers})."),
    "no_target_layer": ("不知道 {path} 的图层（{layers}）应导入到哪个图层，请用 --layer 和 --target 指定。", "Cannot tell which cmdmap layer {path}'s layers ({layers}) belong in; use --layer and --target."),
    "no_features": ("{path} 中没有可导入的要素。", "{path} holds no features to import."),
    "import_report": ("{source} → {target}：读取 {read}，导入 {imported}，修复 {repaired}，拆分多部件 {split}，跳过 {skipped}",
                      "{source} → {target}: read {read}, imported {imported}, repaired {repaired}, multi-part split {split}, skipped {skipped}"),
    "geometry_unreadable": ("图形无法读取", "unreadable geometry"),
    "geometry_null": ("没有图形（NULL）", "no geometry (NULL)"),
    "wrong_geometry_type": ("图形类型不符", "wrong geometry type"),
    "coordinates_out_of_range": ("坐标超出源数据坐标系的范围（坐标系选错了？）", "coordinates outside the source coordinate system's range (wrong system?)"),
    "empty_after_repair": ("修复后为空", "empty after repair"),
    "assumed_wgs84": ("源文件没有坐标系，按经纬度（WGS84）处理", "the source has no coordinate system; read as WGS84 longitude/latitude"),
    "split_counts": ("{n} 栋多部件楼栋拆成了几块，户数和人数只记在第一块上", "{n} multi-part buildings were split; their households and residents stay on the first part"),
    "far_from_map": ("{n} 个要素离作战图中其他要素超过 50 公里，可能是源数据坐标系选错了；可以撤销这次导入后重新选择",
                     "{n} features lie more than 50 km from the rest of the map: the source's coordinate system may be wrong; undo this import and choose another"),
    "cad_labels": ("{n} 个图形内的 CAD 文字标注用作名称或楼号", "CAD text inside {n} outlines used as their name or number"),
    "gates_far": ("{n} 个大门离所有小区都超过 30 米", "{n} gates are more than 30 m from every compound"),
    "values_dropped": ("字段“{field}”有 {n} 个值不合规，已留空", "{n} values of {field} did not fit and were left empty"),
    "unknown_format": ("不支持的文件格式：{path}（可用：{formats}）", "Unsupported file format: {path} (use: {formats})"),
    "write_failed": ("无法写入 {path}：{detail}", "Cannot write {path}: {detail}"),
    "exported": ("已导出 {n} 条到 {path}。", "Exported {n} records to {path}."),
    "roster_report": ("花名册 {path}：匹配 {matched} 行，未匹配 {unmatched} 行，冲突 {conflicts} 行；户数变化 {households:+d}，人数变化 {residents:+d}。",
                      "Roster {path}: {matched} rows matched, {unmatched} unmatched, {conflicts} conflicting; households {households:+d}, residents {residents:+d}."),
    "roster_unmatched": ("第 {line} 行未找到楼栋：{text}", "Row {line}: no such building: {text}"),
    "roster_bad_value": ("第 {line} 行（{code}）：数值不合规", "Row {line} ({code}): a value does not fit"),
    "roster_twice": ("第 {line} 行（{code}）：与前面的行重复且数值不同", "Row {line} ({code}): repeats an earlier row with other values"),
    "roster_dry_run": ("文件未修改。核对无误后，加 --yes 写入。", "The file was not changed. When the report looks right, add --yes to write it."),
    "people_roster_report": ("{kind}名单 {path}：匹配 {matched} 行，未匹配 {unmatched} 行，冲突 {conflicts} 行；将新增 {added} 条记录。",
                             "{kind} roster {path}: {matched} rows matched, {unmatched} unmatched, {conflicts} conflicting; {added} records would be added."),
    "roster_missing_columns": ("名单 {path} 缺少这些列（或表头认不出）：{columns}", "The roster {path} lacks these columns (or their headers are not recognised): {columns}"),
    "roster_no_target": ("第 {line} 行未找到楼栋、网格或负责对象：{text}", "Row {line}: no such building or grid: {text}"),
    "roster_bad_kind": ("第 {line} 行（{code}）：隔离类型应为集中、居家、医院或监测", "Row {line} ({code}): the kind must be centralised, home, hospital or monitoring"),
    "roster_bad_date": ("第 {line} 行（{code}）：日期不对（开始日期必填，结束日期须晚于开始日期）", "Row {line} ({code}): bad dates (a start is required and the end must come after it)"),
    "roster_already_registered": ("第 {line} 行（{code}）：登记中已有同一房间、同一类型、同一开始日期的隔离", "Row {line} ({code}): the register already holds this room, kind and start date"),
    "roster_bad_value_text": ("第 {line} 行（{code}）：有不合规的值", "Row {line} ({code}): a value does not fit"),
    "roster_bad_role": ("第 {line} 行（{code}）：职务不认识（应为网格员、楼栋长、网格长等）", "Row {line} ({code}): unknown role (grid worker, building head, grid leader…)"),
    "roster_staff_phone_differs": ("第 {line} 行（{code}）：工作人员中已有同名但电话不同的人", "Row {line} ({code}): a person of that name with another phone is already listed"),
    "georef_too_few": ("至少需要 {need} 个控制点。", "At least {need} control points are needed."),
    "georef_collinear": ("控制点在一条直线上，请在图上分散选点。", "The control points lie on one line; pick them spread over the plan."),
    "backdrop_missing": ("底图 {code} 不存在。", "There is no backdrop {code}."),
    "import_saved": ("已导入到 {path}。", "Imported into {path}."),
    "unexpected": ("出现意外错误：{detail}", "Unexpected error: {detail}"),
    # editing grids as a partition (cmdmap/edit/partition.py)
    "vertex_not_found": ("这里没有网格顶点，未修改。", "There is no grid vertex here; nothing was changed."),
    "vertex_not_moved": ("顶点没有移动。", "The vertex did not move."),
    "edge_not_found": ("这里没有网格边界，未修改。", "There is no grid edge here; nothing was changed."),
    "vertex_degenerate": ("这样改后 {codes} 不足三个角，未修改。", "{codes} would be left with fewer than three corners; nothing was changed."),
    "grid_edit_invalid": ("这样改会让 {codes} 的边界无效（{reason}），未修改。", "{codes} would get an invalid boundary ({reason}); nothing was changed."),
    "grid_edit_crossing": ("这样改会让 {codes} 的边界自相交，未修改。", "The boundary of {codes} would cross itself; nothing was changed."),
    "grid_edit_pieces": ("这样改会把 {codes} 分成不相连的几块，未修改。", "{codes} would fall apart into separate pieces; nothing was changed."),
    "grid_edit_overlap": ("这样改会让{level} {codes} 交叉重叠（{area} 平方米），未修改。", "{level}s {codes} would overlap ({area} m²); nothing was changed."),
    "grid_edit_gap": ("这样改会在{level}之间留下空白（{area} 平方米），未修改。", "A gap would open between {level}s ({area} m²); nothing was changed."),
    "grid_edit_outline": ("这样改会让片区和网格的外边界不一致（{area} 平方米），未修改。", "Zones and grids would no longer share one outline ({area} m²); nothing was changed."),
    "micro_outside_edit": ("这样改会让微网格 {codes} 超出上级网格 {parent}（{area} 平方米），未修改。", "Micro-grid {codes} would lie outside its grid {parent} ({area} m²); nothing was changed."),
    "micro_cover_edit": ("这样改会让网格 {codes} 有一部分不属于任何微网格（{area} 平方米），未修改。", "Part of grid {codes} would belong to no micro-grid ({area} m²); nothing was changed."),
    "split_not_across": ("分割线没有完整穿过{level} {codes}（线的两端要画在它外面或边界上），未修改。", "The split line does not cross {level} {codes} (start and end it outside or on the boundary); nothing was changed."),
    "split_no_grid": ("分割线没有穿过任何网格，未修改。", "The split line crosses no grid; nothing was changed."),
    "split_cuts_child": ("分割线穿过了下级网格 {codes}：请沿它的边界画线，或先分割它。未修改。", "The split line cuts through {codes}, which lies inside: draw along its boundary or split it first. Nothing was changed."),
    "merge_too_few": ("请至少选择两个网格再合并。", "Choose at least two grids to merge."),
    "merge_levels": ("只能合并同一层级、同一上级的网格（{codes}），未修改。", "Only grids of one level with the same parent can be merged ({codes}); nothing was changed."),
    "merge_not_neighbours": ("{codes} 不相邻，不能合并，未修改。", "{codes} are not neighbours and cannot be merged; nothing was changed."),
    "outline_self_crossing": ("轮廓线自相交（或不足三个点），请重新绘制。未修改。", "The outline crosses itself (or has fewer than three points): draw it again. Nothing was changed."),
    "outline_outside": ("轮廓不在任何{level}内，未修改。", "The outline lies in no {level}; nothing was changed."),
    "outline_swallows": ("新网格会完全占掉 {codes}，请改用合并。未修改。", "The new grid would take all of {codes}: merge instead. Nothing was changed."),
    "building_left_outside": ("这样改会让楼栋 {codes} 不在任何网格内，未修改。", "Building {codes} would be left in no grid; nothing was changed."),
    "edit_text_move": ("移动网格边界 {codes}", "Move grid boundary {codes}"),
    "edit_text_insert": ("添加网格顶点 {codes}", "Add grid vertex {codes}"),
    "edit_text_delete": ("删除网格顶点 {codes}", "Delete grid vertex {codes}"),
    "edit_text_split": ("分割网格 {codes}", "Split grid {codes}"),
    "edit_text_merge": ("合并网格 {codes}", "Merge grids {codes}"),
    "edit_text_draw": ("新画网格 {codes}", "Draw grid {codes}"),
    # tidying imported grid boundaries (cmdmap/edit/tidy.py)
    "edit_text_tidy": ("整理网格边界（{n} 个网格）", "Tidy grid boundaries ({n} grids)"),
    "tidy_bad_settings": ("整理设置不合理：请选择至少一个层级，吸附距离 0–10 米，碎片面积不小于 0，面积变化上限在 0–100% 之间。未修改。", "Unusable tidy settings: choose at least one level, a snap distance of 0–10 m, a sliver area of at least 0 and an area change limit between 0 and 100 %. Nothing was changed."),
    "tidy_area_change": ("整理会让 {codes} 的面积变化 {percent}%，超过允许的 {limit}%：请先检查这些网格，或调小容差。未修改。", "Tidying would change the area of {codes} by {percent} %, more than the {limit} % allowed: look at these grids first, or use smaller tolerances. Nothing was changed."),
    "reassign_preview": ("{buildings}（{households}户）从 {source} 移入 {target}", "{buildings} ({households} households) move from {source} to {target}"),
    "reassign_more": ("{names} 等 {n} 栋", "{names} and {more} more"),
    "reassign_none": ("没有楼栋改变所属网格", "No building changes grid"),
    # printing
    "print_bad_paper": ("不支持的纸张：{paper}，可选 A0、A1、A2、A3、A4 或自定义尺寸。", "Unknown paper {paper}: use A0, A1, A2, A3, A4 or a custom size."),
    "print_bad_size": ("纸张尺寸 {width}×{height} 毫米不合适（应在 50–5000 毫米之间）。", "A {width}×{height} mm sheet cannot be printed (50–5000 mm)."),
    "print_bad_format": ("不支持的输出格式：{format}，可选 pdf、png、svg。", "Unknown output format {format}: use pdf, png or svg."),
    "print_pages_need_pdf": ("拼贴打印和分网格图册有多页，只能输出 PDF。", "Tiled posters and atlases have several pages: write them as PDF."),
    "print_bad_dpi": ("分辨率 {dpi} dpi 不合适（应在 30–1200 之间）。", "{dpi} dpi cannot be used (30–1200)."),
    "print_bad_scale": ("比例尺 1:{scale} 不合适。", "The scale 1:{scale} cannot be used."),
    "print_bad_margin": ("页边距 {margin} 毫米太大。", "A {margin} mm margin is too large for the sheet."),
    "print_no_grids": ("文件中没有{level}，无法生成图册。", "The file has no {level} for an atlas."),
    "print_too_big": ("图片 {width}×{height} 像素太大，请降低分辨率或改用 PDF。", "An image of {width}×{height} pixels is too large: lower the dpi or print to PDF."),
    "print_write_failed": ("无法写入文件：{path}", "Cannot write the file: {path}"),
    "print_written": ("已输出 {path}（{pages} 页，{size}），用时 {seconds} 秒。", "Wrote {path} ({pages} pages, {size}) in {seconds} s."),
    # editing features on the map (tools, forms, command texts on the undo history)
    "gate_too_far": ("这里离最近的小区边界 {distance} 米，超过 {max} 米：大门要放在小区边界上，请在边界附近点击。", "This point is {distance} m from the nearest compound boundary, more than {max} m: a gate goes on a compound boundary, so click near one."),
    "no_compounds": ("还没有小区：先画小区，再在小区边界上放大门。", "There are no compounds yet: draw a compound first, then put its gates on its boundary."),
    "outline_invalid": ("轮廓无效（{reason}），例如边线自相交；请重新绘制。未做任何修改。", "The outline is not valid ({reason}), e.g. its edges cross; draw it again. Nothing was changed."),
    "bad_lnglat": ("无法识别坐标“{text}”：请粘贴“经度,纬度”，如 102.7123,25.0456。", "Cannot read the coordinates “{text}”: paste “longitude,latitude”, e.g. 102.7123,25.0456."),
    "lnglat_far": ("坐标 {text} 离社区 {km} 公里，可能经纬度顺序或坐标系不对。", "The coordinates {text} are {km} km from the community: longitude and latitude may be swapped, or the coordinate system is wrong."),
    "cmd_add": ("新增{layer} {name}", "Add {layer} {name}"),
    "cmd_move": ("移动{layer} {name}", "Move {layer} {name}"),
    "cmd_turn": ("调整大门朝向 {name}", "Turn gate {name}"),
    "cmd_delete": ("删除{layer} {name}", "Delete {layer} {name}"),
    "cmd_edit": ("修改{layer} {name}", "Edit {layer} {name}"),
    "cmd_copy": ("复制属性（{fields}）到 {n} 个{layer}", "Copy {fields} to {n} {layer}"),
    "bad_colour": ("“{colour}”不是颜色（应为 #rrggbb）。", "“{colour}” is not a colour (#rrggbb)."),
}

_LEVEL_WORDS = {
    "zone": ("片区", "zone"), "grid": ("网格", "grid"), "micro": ("微网格", "micro-grid"),
}


def language() -> str:
    """'zh' (the default) or 'en', from CMDMAP_LANG, else LANGUAGE / LC_ALL / LC_MESSAGES / LANG."""
    forced = os.environ.get("CMDMAP_LANG", "").strip().lower()
    if forced.startswith(("en", "zh")):
        return forced[:2]
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "").strip().lower()
        if not value or value in ("c", "posix", "c.utf-8"):
            continue
        return "en" if value.startswith("en") else "zh"
    return "zh"


def message(key: str, lang: str | None = None, **params: object) -> str:
    """The message for `key` in `lang` (default: the user's language), filled with `params`."""
    lang = lang or language()
    zh, en = _MESSAGES.get(key, (key, key))
    text = en if lang == "en" else zh
    if "level" in params and params["level"] in _LEVEL_WORDS:
        params = {**params, "level": _LEVEL_WORDS[str(params["level"])][1 if lang == "en" else 0]}
    if "codes" in params and isinstance(params["codes"], (list, tuple)):
        params = {**params, "codes": "、".join(map(str, params["codes"])) if lang != "en" else ", ".join(map(str, params["codes"]))}
    try:
        # A parameter the caller did not give shows as nothing rather than failing.
        return text.format_map(_Blank(params))
    except (IndexError, ValueError):
        return text


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""
